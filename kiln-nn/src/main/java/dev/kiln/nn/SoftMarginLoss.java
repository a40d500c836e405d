package dev.kiln.nn;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link MarginLosses#softMarginLoss}. */
public final class SoftMarginLoss extends Loss {

  /** Mean reduction. */
  public SoftMarginLoss() {
    this(Reduction.MEAN);
  }

  /** Reduction {@code reduction}. */
  public SoftMarginLoss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return MarginLosses.softMarginLoss(input, target, reduction());
  }
}
