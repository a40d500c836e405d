package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;

/** Base of the accuracies: counts hits and samples; the result is hits / samples (0 if none). */
abstract class AccuracyMetric implements Metric {
  private final String name;
  private long hits;
  private long total;

  AccuracyMetric(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  /** One boolean per sample: whether the prediction is right. */
  abstract boolean[] hits(Tensor yPred, Tensor yTrue);

  @Override
  public final void update(Tensor yPred, Tensor yTrue) {
    for (boolean h : hits(yPred, yTrue)) {
      hits += h ? 1 : 0;
      total++;
    }
  }

  @Override
  public final double result() {
    return total == 0 ? 0 : (double) hits / total;
  }

  @Override
  public final void reset() {
    hits = 0;
    total = 0;
  }
}
