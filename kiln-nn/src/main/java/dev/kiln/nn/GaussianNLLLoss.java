package dev.kiln.nn;

import dev.kiln.nn.functional.ProbabilisticLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link ProbabilisticLosses#gaussianNllLoss}. */
public final class GaussianNLLLoss extends MultiInputLoss {
  private final boolean full;
  private final double eps;

  /** No constant term, eps 1e-6, mean reduction. */
  public GaussianNLLLoss() {
    this(false, 1e-6, Reduction.MEAN);
  }

  /** All options, as in PyTorch. */
  public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
    super(reduction);
    this.full = full;
    this.eps = eps;
  }

  /** The loss of mean {@code input} and variance {@code var} against {@code target}. */
  public Tensor forward(Tensor input, Tensor target, Tensor var) {
    return ProbabilisticLosses.gaussianNllLoss(input, target, var, full, eps, reduction());
  }

  @Override
  protected String arguments() {
    return "(input, target, var)";
  }
}
