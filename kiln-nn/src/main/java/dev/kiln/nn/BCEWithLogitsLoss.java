package dev.kiln.nn;

import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link Losses#binaryCrossEntropyWithLogits}. */
public final class BCEWithLogitsLoss extends Loss {

  /** Mean reduction, no weights. */
  public BCEWithLogitsLoss() {
    this(null, null, Reduction.MEAN);
  }

  /** Element {@code weight} and class {@code posWeight} (either may be null), {@code reduction}. */
  public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
    super(reduction);
    registerBuffer("weight", weight);
    registerBuffer("pos_weight", posWeight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.binaryCrossEntropyWithLogits(
        input, target, buffer("weight"), buffer("pos_weight"), reduction());
  }
}
