package dev.kiln.nn;

import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link Losses#huberLoss}. */
public final class HuberLoss extends Loss {
  private final double delta;

  /** Mean reduction, delta 1. */
  public HuberLoss() {
    this(Reduction.MEAN, 1.0);
  }

  /** Reduction {@code reduction}, threshold {@code delta}. */
  public HuberLoss(Reduction reduction, double delta) {
    super(reduction);
    this.delta = delta;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.huberLoss(input, target, reduction(), delta);
  }
}
