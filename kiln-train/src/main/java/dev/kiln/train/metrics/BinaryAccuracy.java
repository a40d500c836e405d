package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;

/**
 * Keras's {@code binary_accuracy}: a value counts as predicted positive when it is above {@code
 * threshold} (0.5 for probabilities, 0 for logits), and is right when that matches the target
 * ({@code > 0.5} is positive). Every element counts, so {@code [N]} and {@code [N, 1]} agree.
 */
public final class BinaryAccuracy extends AccuracyMetric {
  private final double threshold;

  /** Threshold 0.5, name {@code "binary_accuracy"}. */
  public BinaryAccuracy() {
    this("binary_accuracy", 0.5);
  }

  /** A threshold for scores (0 for logits), under {@code name}. */
  public BinaryAccuracy(String name, double threshold) {
    super(name);
    this.threshold = threshold;
  }

  /** The decision threshold. */
  public double threshold() {
    return threshold;
  }

  @Override
  boolean[] hits(Tensor yPred, Tensor yTrue) {
    double[][] pt = Labels.paired(yPred, yTrue, name());
    boolean[] out = new boolean[pt[0].length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (pt[0][i] > threshold) == (pt[1][i] > 0.5);
    }
    return out;
  }
}
