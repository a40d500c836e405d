package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Scales the rates linearly from {@code startFactor} to {@code endFactor} over {@code totalIters}
 * epochs, then keeps them, like {@code LinearLR}.
 */
public final class LinearLR extends LRScheduler {
  private final double startFactor;
  private final double endFactor;
  private final int totalIters;

  /**
   * @throws IllegalArgumentException when a factor is outside (0, 1] (start) or [0, 1] (end)
   */
  public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
    super(optimizer);
    if (startFactor > 1 || startFactor <= 0) {
      throw new IllegalArgumentException(
          "LinearLR: startFactor must be in (0, 1], got " + startFactor);
    }
    if (endFactor > 1 || endFactor < 0) {
      throw new IllegalArgumentException("LinearLR: endFactor must be in [0, 1], got " + endFactor);
    }
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    initialStep();
  }

  /** PyTorch's defaults: from 1/3 to 1 over 5 epochs. */
  public LinearLR(Optimizer optimizer) {
    this(optimizer, 1.0 / 3, 1.0, 5);
  }

  @Override
  protected double[] closedFormLr() {
    return baseScaled(
        startFactor
            + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / (double) totalIters);
  }

  @Override
  protected double[] computeLr() {
    if (lastEpoch == 0) {
      return scaled(startFactor);
    }
    if (lastEpoch > totalIters) {
      return scaled(1);
    }
    return scaled(
        1.
            + (endFactor - startFactor)
                / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
  }
}
