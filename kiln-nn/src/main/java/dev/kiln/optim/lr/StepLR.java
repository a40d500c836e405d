package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/** Multiplies the rates by {@code gamma} every {@code stepSize} epochs, like {@code StepLR}. */
public final class StepLR extends LRScheduler {
  private final int stepSize;
  private final double gamma;

  /**
   * @throws IllegalArgumentException when {@code stepSize < 1}
   */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer);
    if (stepSize < 1) {
      throw new IllegalArgumentException("StepLR: stepSize must be >= 1, got " + stepSize);
    }
    this.stepSize = stepSize;
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] closedFormLr() {
    return baseScaled(Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize)));
  }

  @Override
  protected double[] computeLr() {
    return scaled(lastEpoch == 0 || lastEpoch % stepSize != 0 ? 1 : gamma);
  }
}
