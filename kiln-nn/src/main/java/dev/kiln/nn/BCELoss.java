package dev.kiln.nn;

import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link Losses#binaryCrossEntropy}. */
public final class BCELoss extends Loss {

  /** Mean reduction, no weight. */
  public BCELoss() {
    this(null, Reduction.MEAN);
  }

  /** Element {@code weight} (may be null) and {@code reduction}. */
  public BCELoss(Tensor weight, Reduction reduction) {
    super(reduction);
    registerBuffer("weight", weight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.binaryCrossEntropy(input, target, buffer("weight"), reduction());
  }
}
