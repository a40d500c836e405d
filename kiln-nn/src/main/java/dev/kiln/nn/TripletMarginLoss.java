package dev.kiln.nn;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link MarginLosses#tripletMarginLoss}. */
public final class TripletMarginLoss extends MultiInputLoss {
  private final double margin;
  private final double p;
  private final double eps;
  private final boolean swap;

  /** Margin 1, Euclidean distance, eps 1e-6, no swap, mean reduction. */
  public TripletMarginLoss() {
    this(1.0, 2.0, 1e-6, false, Reduction.MEAN);
  }

  /** All options, as in PyTorch. */
  public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
    super(reduction);
    this.margin = margin;
    this.p = p;
    this.eps = eps;
    this.swap = swap;
  }

  /** The loss of {@code anchor} being nearer {@code positive} than {@code negative}. */
  public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
    return MarginLosses.tripletMarginLoss(
        anchor, positive, negative, margin, p, eps, swap, reduction());
  }

  @Override
  protected String arguments() {
    return "(anchor, positive, negative)";
  }
}
