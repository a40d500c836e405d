package dev.kiln.nn;

import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link Losses#mseLoss}. */
public final class MSELoss extends Loss {

  /** Mean reduction. */
  public MSELoss() {
    this(Reduction.MEAN);
  }

  /** Reduction {@code reduction}. */
  public MSELoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.mseLoss(input, target, reduction());
  }
}
