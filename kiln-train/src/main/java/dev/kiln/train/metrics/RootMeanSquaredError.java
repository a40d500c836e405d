package dev.kiln.train.metrics;

/** The square root of the mean squared error over all elements (NaN before any update). */
public final class RootMeanSquaredError extends ErrorMetric {
  /** Named {@code "rmse"}. */
  public RootMeanSquaredError() {
    this("rmse");
  }

  /** Reported under {@code name}. */
  public RootMeanSquaredError(String name) {
    super(name);
  }

  @Override
  double error(double pred, double target) {
    return (pred - target) * (pred - target);
  }

  @Override
  double finish(double meanError) {
    return Math.sqrt(meanError);
  }
}
