package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/** Decays the rates polynomially to 0 over {@code totalIters} epochs, like {@code PolynomialLR}. */
public final class PolynomialLR extends LRScheduler {
  private final int totalIters;
  private final double power;

  /**
   * @throws IllegalArgumentException when {@code totalIters < 1}
   */
  public PolynomialLR(Optimizer optimizer, int totalIters, double power) {
    super(optimizer);
    if (totalIters < 1) {
      throw new IllegalArgumentException(
          "PolynomialLR: totalIters must be >= 1, got " + totalIters);
    }
    this.totalIters = totalIters;
    this.power = power;
    initialStep();
  }

  /** PyTorch's defaults: linear decay over 5 epochs. */
  public PolynomialLR(Optimizer optimizer) {
    this(optimizer, 5, 1.0);
  }

  @Override
  protected double[] closedFormLr() {
    return baseScaled(Math.pow(1.0 - Math.min(totalIters, lastEpoch) / (double) totalIters, power));
  }

  @Override
  protected double[] computeLr() {
    if (lastEpoch == 0 || lastEpoch > totalIters) {
      return scaled(1);
    }
    double e = lastEpoch;
    return scaled(Math.pow((1.0 - e / totalIters) / (1.0 - (e - 1) / totalIters), power));
  }
}
