package dev.kiln.nn;

import dev.kiln.nn.functional.ProbabilisticLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * Module form of {@link ProbabilisticLosses#klDiv} (the input holds log-probabilities); {@link
 * #batchMean} gives PyTorch's {@code reduction='batchmean'}.
 */
public final class KLDivLoss extends Loss {
  private final boolean batchMean;
  private final boolean logTarget;

  /** Mean reduction over every element, target as probabilities. */
  public KLDivLoss() {
    this(Reduction.MEAN, false);
  }

  /** Reduction {@code reduction}; {@code logTarget} when the target holds log-probabilities. */
  public KLDivLoss(Reduction reduction, boolean logTarget) {
    this(reduction, false, logTarget);
  }

  private KLDivLoss(Reduction reduction, boolean batchMean, boolean logTarget) {
    super(reduction);
    this.batchMean = batchMean;
    this.logTarget = logTarget;
  }

  /** The summed divergence divided by the batch size, PyTorch's {@code 'batchmean'}. */
  public static KLDivLoss batchMean(boolean logTarget) {
    return new KLDivLoss(Reduction.SUM, true, logTarget);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return batchMean
        ? ProbabilisticLosses.klDivBatchMean(input, target, logTarget)
        : ProbabilisticLosses.klDiv(input, target, reduction(), logTarget);
  }

  @Override
  protected String extraRepr() {
    return "reduction=" + (batchMean ? "batchmean" : reduction()) + ", logTarget=" + logTarget;
  }
}
