package dev.kiln.nn;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link MarginLosses#multilabelSoftMarginLoss}. */
public final class MultiLabelSoftMarginLoss extends Loss {

  /** No class weights, mean reduction. */
  public MultiLabelSoftMarginLoss() {
    this(null, Reduction.MEAN);
  }

  /** Class {@code weight} (may be null) and {@code reduction}. */
  public MultiLabelSoftMarginLoss(Tensor weight, Reduction reduction) {
    super(reduction);
    registerBuffer("weight", weight);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return MarginLosses.multilabelSoftMarginLoss(input, target, buffer("weight"), reduction());
  }
}
