package dev.kiln.nn;

import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link Losses#crossEntropy}. */
public final class CrossEntropyLoss extends Loss {
  private final long ignoreIndex;
  private final double labelSmoothing;

  /** Mean reduction, no class weights, ignore index -100, no label smoothing. */
  public CrossEntropyLoss() {
    this(null, -100, Reduction.MEAN, 0);
  }

  /** All options, as in PyTorch; {@code weight} may be null. */
  public CrossEntropyLoss(
      Tensor weight, long ignoreIndex, Reduction reduction, double labelSmoothing) {
    super(reduction);
    registerBuffer("weight", weight);
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.crossEntropy(
        input, target, buffer("weight"), ignoreIndex, reduction(), labelSmoothing);
  }
}
