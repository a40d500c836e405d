package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/** Multiplies the rates by {@code gamma} every epoch, like {@code ExponentialLR}. */
public final class ExponentialLR extends LRScheduler {
  private final double gamma;

  /** Decays by {@code gamma} per epoch. */
  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] closedFormLr() {
    return baseScaled(Math.pow(gamma, lastEpoch));
  }

  @Override
  protected double[] computeLr() {
    return scaled(lastEpoch == 0 ? 1 : gamma);
  }
}
