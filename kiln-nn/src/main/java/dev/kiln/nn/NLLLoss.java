package dev.kiln.nn;

import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link Losses#nllLoss}. */
public final class NLLLoss extends Loss {
  private final long ignoreIndex;

  /** Mean reduction, no class weights, ignore index -100. */
  public NLLLoss() {
    this(null, -100, Reduction.MEAN);
  }

  /** Class {@code weight} (may be null), {@code ignoreIndex} and {@code reduction}. */
  public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
    super(reduction);
    registerBuffer("weight", weight);
    this.ignoreIndex = ignoreIndex;
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.nllLoss(input, target, buffer("weight"), ignoreIndex, reduction());
  }
}
