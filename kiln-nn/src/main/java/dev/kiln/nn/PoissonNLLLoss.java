package dev.kiln.nn;

import dev.kiln.nn.functional.ProbabilisticLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link ProbabilisticLosses#poissonNllLoss}. */
public final class PoissonNLLLoss extends Loss {
  private final boolean logInput;
  private final boolean full;
  private final double eps;

  /** Log-rate input, no Stirling term, eps 1e-8, mean reduction. */
  public PoissonNLLLoss() {
    this(true, false, 1e-8, Reduction.MEAN);
  }

  /** All options, as in PyTorch. */
  public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
    super(reduction);
    this.logInput = logInput;
    this.full = full;
    this.eps = eps;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return ProbabilisticLosses.poissonNllLoss(input, target, logInput, full, eps, reduction());
  }
}
