package dev.kiln.train.metrics;

/** The mean absolute error over all elements (NaN before any update). */
public final class MeanAbsoluteError extends ErrorMetric {
  /** Named {@code "mae"}. */
  public MeanAbsoluteError() {
    this("mae");
  }

  /** Reported under {@code name}. */
  public MeanAbsoluteError(String name) {
    super(name);
  }

  @Override
  double error(double pred, double target) {
    return Math.abs(pred - target);
  }
}
