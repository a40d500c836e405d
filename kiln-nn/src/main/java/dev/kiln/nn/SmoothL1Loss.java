package dev.kiln.nn;

import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link Losses#smoothL1Loss}. */
public final class SmoothL1Loss extends Loss {
  private final double beta;

  /** Mean reduction, beta 1. */
  public SmoothL1Loss() {
    this(Reduction.MEAN, 1.0);
  }

  /** Reduction {@code reduction}, threshold {@code beta}. */
  public SmoothL1Loss(Reduction reduction, double beta) {
    super(reduction);
    this.beta = beta;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.smoothL1Loss(input, target, reduction(), beta);
  }
}
