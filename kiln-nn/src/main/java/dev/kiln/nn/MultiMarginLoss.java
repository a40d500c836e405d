package dev.kiln.nn;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link MarginLosses#multiMarginLoss}. */
public final class MultiMarginLoss extends Loss {
  private final int p;
  private final double margin;

  /** p 1, margin 1, no class weights, mean reduction. */
  public MultiMarginLoss() {
    this(1, 1.0, null, Reduction.MEAN);
  }

  /** All options, as in PyTorch; {@code weight} may be null. */
  public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
    super(reduction);
    this.p = p;
    this.margin = margin;
    registerBuffer("weight", weight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return MarginLosses.multiMarginLoss(input, target, p, margin, buffer("weight"), reduction());
  }
}
