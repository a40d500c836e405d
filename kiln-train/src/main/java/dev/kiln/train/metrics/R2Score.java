package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The coefficient of determination {@code 1 - SS_res / SS_tot}, per output column of {@code [N]} or
 * {@code [N, k]} targets and averaged uniformly over the columns, as scikit-learn's {@code
 * r2_score}. Exact under batching: target means and spreads are merged batch by batch (Chan's
 * update). A column with constant targets scores 1 if predicted exactly, else 0. NaN before any
 * update.
 */
public final class R2Score implements Metric {
  private final String name;
  private long count;
  private double[] mean = new double[0];
  private double[] m2 = new double[0];
  private double[] ssRes = new double[0];

  /** Named {@code "r2"}. */
  public R2Score() {
    this("r2");
  }

  /** Reported under {@code name}. */
  public R2Score(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void update(Tensor yPred, Tensor yTrue) {
    if (!Arrays.equals(yPred.shape(), yTrue.shape()) || yTrue.dim() < 1 || yTrue.dim() > 2) {
      throw new IllegalArgumentException(
          name
              + ": expected predictions and targets of one shape [N] or [N, k], got "
              + Arrays.toString(yPred.shape())
              + " and "
              + Arrays.toString(yTrue.shape()));
    }
    int n = yTrue.size(0);
    int k = yTrue.dim() == 1 ? 1 : yTrue.size(1);
    if (count == 0) {
      mean = new double[k];
      m2 = new double[k];
      ssRes = new double[k];
    } else if (k != mean.length) {
      throw new IllegalArgumentException(
          name + ": " + k + " output columns, earlier batches had " + mean.length);
    }
    if (n == 0) {
      return;
    }
    double[] p = yPred.toDoubleArray();
    double[] t = yTrue.toDoubleArray();
    for (int c = 0; c < k; c++) {
      double bMean = 0;
      for (int i = 0; i < n; i++) {
        bMean += t[i * k + c];
      }
      bMean /= n;
      double bM2 = 0;
      for (int i = 0; i < n; i++) {
        double d = t[i * k + c] - bMean;
        bM2 += d * d;
        double r = t[i * k + c] - p[i * k + c];
        ssRes[c] += r * r;
      }
      double delta = bMean - mean[c];
      long total = count + n;
      m2[c] += bM2 + delta * delta * count * n / total;
      mean[c] += delta * n / total;
    }
    count += n;
  }

  @Override
  public double result() {
    if (count == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int c = 0; c < mean.length; c++) {
      if (m2[c] == 0) {
        sum += ssRes[c] == 0 ? 1 : 0;
      } else {
        sum += 1 - ssRes[c] / m2[c];
      }
    }
    return sum / mean.length;
  }

  @Override
  public void reset() {
    count = 0;
  }
}
