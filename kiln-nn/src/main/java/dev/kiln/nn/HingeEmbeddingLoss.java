package dev.kiln.nn;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link MarginLosses#hingeEmbeddingLoss}. */
public final class HingeEmbeddingLoss extends Loss {
  private final double margin;

  /** Margin 1, mean reduction. */
  public HingeEmbeddingLoss() {
    this(1.0, Reduction.MEAN);
  }

  /** Margin {@code margin}, reduction {@code reduction}. */
  public HingeEmbeddingLoss(double margin, Reduction reduction) {
    super(reduction);
    this.margin = margin;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return MarginLosses.hingeEmbeddingLoss(input, target, margin, reduction());
  }
}
