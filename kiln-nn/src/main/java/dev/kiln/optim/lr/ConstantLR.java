package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Scales the rates by {@code factor} for the first {@code totalIters} epochs, like {@code
 * ConstantLR}.
 */
public final class ConstantLR extends LRScheduler {
  private final double factor;
  private final int totalIters;

  /**
   * @throws IllegalArgumentException when {@code factor} is outside [0, 1]
   */
  public ConstantLR(Optimizer optimizer, double factor, int totalIters) {
    super(optimizer);
    if (factor > 1 || factor < 0) {
      throw new IllegalArgumentException("ConstantLR: factor must be in [0, 1], got " + factor);
    }
    this.factor = factor;
    this.totalIters = totalIters;
    initialStep();
  }

  /** PyTorch's defaults: factor 1/3 for 5 epochs. */
  public ConstantLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 5);
  }

  @Override
  protected double[] closedFormLr() {
    return baseScaled(factor + (lastEpoch >= totalIters ? 1 - factor : 0));
  }

  @Override
  protected double[] computeLr() {
    if (lastEpoch == 0) {
      return scaled(factor);
    }
    return scaled(lastEpoch == totalIters ? 1.0 / factor : 1);
  }
}
