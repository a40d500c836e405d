package dev.kiln.nn;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;
import java.util.function.BinaryOperator;

/** Module form of {@link MarginLosses#tripletMarginWithDistanceLoss}. */
public final class TripletMarginWithDistanceLoss extends MultiInputLoss {
  private final BinaryOperator<Tensor> distance;
  private final double margin;
  private final boolean swap;

  /** Euclidean distance, margin 1, no swap, mean reduction. */
  public TripletMarginWithDistanceLoss() {
    this(null, 1.0, false, Reduction.MEAN);
  }

  /** All options, as in PyTorch; a null {@code distance} is the Euclidean pairwise distance. */
  public TripletMarginWithDistanceLoss(
      BinaryOperator<Tensor> distance, double margin, boolean swap, Reduction reduction) {
    super(reduction);
    this.distance = distance;
    this.margin = margin;
    this.swap = swap;
  }

  /** The loss of {@code anchor} being nearer {@code positive} than {@code negative}. */
  public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
    return MarginLosses.tripletMarginWithDistanceLoss(
        anchor, positive, negative, distance, margin, swap, reduction());
  }

  @Override
  protected String arguments() {
    return "(anchor, positive, negative)";
  }
}
