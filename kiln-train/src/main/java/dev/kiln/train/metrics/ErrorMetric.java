package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;

/** Base of MAE, MSE and RMSE: a running sum of a per-element error over all elements seen. */
abstract class ErrorMetric implements Metric {
  private final String name;
  private double sum;
  private long count;

  ErrorMetric(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  /** The error of one element. */
  abstract double error(double pred, double target);

  /** The reported value from the mean error. */
  double finish(double meanError) {
    return meanError;
  }

  @Override
  public final void update(Tensor yPred, Tensor yTrue) {
    double[][] pt = Labels.paired(yPred, yTrue, name);
    for (int i = 0; i < pt[0].length; i++) {
      sum += error(pt[0][i], pt[1][i]);
    }
    count += pt[0].length;
  }

  @Override
  public final double result() {
    return count == 0 ? Double.NaN : finish(sum / count);
  }

  @Override
  public final void reset() {
    sum = 0;
    count = 0;
  }
}
