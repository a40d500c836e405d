package dev.kiln.nn;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link MarginLosses#marginRankingLoss}. */
public final class MarginRankingLoss extends MultiInputLoss {
  private final double margin;

  /** Margin 0, mean reduction. */
  public MarginRankingLoss() {
    this(0, Reduction.MEAN);
  }

  /** Margin {@code margin}, reduction {@code reduction}. */
  public MarginRankingLoss(double margin, Reduction reduction) {
    super(reduction);
    this.margin = margin;
  }

  /** The loss of ranking {@code input1} above {@code input2} where {@code target} is 1. */
  public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
    return MarginLosses.marginRankingLoss(input1, input2, target, margin, reduction());
  }

  @Override
  protected String arguments() {
    return "(input1, input2, target)";
  }
}
