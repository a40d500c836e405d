package dev.kiln.train.metrics;

/** The mean squared error over all elements (NaN before any update). */
public final class MeanSquaredError extends ErrorMetric {
  /** Named {@code "mse"}. */
  public MeanSquaredError() {
    this("mse");
  }

  /** Reported under {@code name}. */
  public MeanSquaredError(String name) {
    super(name);
  }

  @Override
  double error(double pred, double target) {
    return (pred - target) * (pred - target);
  }
}
