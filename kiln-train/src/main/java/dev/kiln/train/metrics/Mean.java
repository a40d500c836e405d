package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;

/**
 * The weighted mean of values, e.g. of the per-batch loss weighted by batch size (how {@link
 * dev.kiln.train.Model} reports {@code loss}). As a {@link Metric}, {@link #update(Tensor, Tensor)}
 * averages every element of {@code yPred} and ignores {@code yTrue}. NaN before any value.
 */
public final class Mean implements Metric {
  private final String name;
  private double total;
  private double count;

  /** A mean reported under {@code name}. */
  public Mean(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  /** Adds {@code value} with weight {@code weight}. */
  public void update(double value, double weight) {
    total += value * weight;
    count += weight;
  }

  @Override
  public void update(Tensor yPred, Tensor yTrue) {
    for (double v : yPred.toDoubleArray()) {
      update(v, 1);
    }
  }

  @Override
  public double result() {
    return count == 0 ? Double.NaN : total / count;
  }

  @Override
  public void reset() {
    total = 0;
    count = 0;
  }
}
