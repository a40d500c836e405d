package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;

/**
 * Base of precision, recall and F1: a {@link ConfusionMatrix} accumulated over batches, and the
 * per-class counts scikit-learn averages.
 */
abstract class ClassificationMetric implements Metric {
  private final String name;
  private final Average average;
  private final ConfusionMatrix counts;
  private final double threshold;

  /** Binary: positive when the score is above {@code threshold}. */
  ClassificationMetric(String name, double threshold) {
    this.name = name;
    this.average = Average.BINARY;
    this.counts = ConfusionMatrix.binary(threshold);
    this.threshold = threshold;
  }

  /** Multiclass over {@code numClasses} with {@code average} MICRO or MACRO. */
  ClassificationMetric(String name, int numClasses, Average average) {
    if (average == Average.BINARY) {
      throw new IllegalArgumentException(
          name + ": Average.BINARY takes a threshold, not a class count");
    }
    this.name = name;
    this.average = average;
    this.counts = new ConfusionMatrix(numClasses);
    this.threshold = Double.NaN;
  }

  @Override
  public final String name() {
    return name;
  }

  /** How classes are combined. */
  public final Average average() {
    return average;
  }

  /** The binary threshold (NaN for multiclass). */
  public final double threshold() {
    return threshold;
  }

  /** The number of classes (2 for binary). */
  public final int numClasses() {
    return counts.numClasses();
  }

  @Override
  public final void update(Tensor yPred, Tensor yTrue) {
    counts.update(yPred, yTrue);
  }

  @Override
  public final void reset() {
    counts.reset();
  }

  /** The metric from true positives, false positives and false negatives. */
  abstract double score(long tp, long fp, long fn);

  @Override
  public final double result() {
    int c = counts.numClasses();
    long[] tp = new long[c];
    long[] fp = new long[c];
    long[] fn = new long[c];
    for (int t = 0; t < c; t++) {
      for (int p = 0; p < c; p++) {
        long v = counts.count(t, p);
        if (t == p) {
          tp[t] += v;
        } else {
          fp[p] += v;
          fn[t] += v;
        }
      }
    }
    return switch (average) {
      case BINARY -> score(tp[1], fp[1], fn[1]);
      case MICRO -> score(sum(tp), sum(fp), sum(fn));
      case MACRO -> {
        double total = 0;
        int present = 0;
        for (int k = 0; k < c; k++) {
          if (tp[k] + fp[k] + fn[k] > 0) { // scikit-learn averages over labels seen
            total += score(tp[k], fp[k], fn[k]);
            present++;
          }
        }
        yield present == 0 ? 0 : total / present;
      }
    };
  }

  private static long sum(long[] v) {
    long s = 0;
    for (long x : v) {
      s += x;
    }
    return s;
  }

  static double ratio(long num, long den) {
    return den == 0 ? 0 : (double) num / den;
  }
}
