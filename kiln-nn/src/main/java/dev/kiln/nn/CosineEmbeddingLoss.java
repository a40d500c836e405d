package dev.kiln.nn;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link MarginLosses#cosineEmbeddingLoss}. */
public final class CosineEmbeddingLoss extends MultiInputLoss {
  private final double margin;

  /** Margin 0, mean reduction. */
  public CosineEmbeddingLoss() {
    this(0, Reduction.MEAN);
  }

  /** Margin {@code margin} for the dissimilar pairs, reduction {@code reduction}. */
  public CosineEmbeddingLoss(double margin, Reduction reduction) {
    super(reduction);
    this.margin = margin;
  }

  /** The loss of pairs {@code (input1, input2)} labelled 1 (similar) or -1 by {@code target}. */
  public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
    return MarginLosses.cosineEmbeddingLoss(input1, input2, target, margin, reduction());
  }

  @Override
  protected String arguments() {
    return "(input1, input2, target)";
  }
}
