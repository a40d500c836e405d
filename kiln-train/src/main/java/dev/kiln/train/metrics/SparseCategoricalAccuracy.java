package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;

/**
 * Keras's {@code sparse_categorical_accuracy}: the argmax of the {@code [N, C]} scores equals the
 * integer label ({@code [N]} or {@code [N, 1]}).
 */
public final class SparseCategoricalAccuracy extends AccuracyMetric {
  /** Name {@code "sparse_categorical_accuracy"}. */
  public SparseCategoricalAccuracy() {
    this("sparse_categorical_accuracy");
  }

  /** Reported under {@code name} (e.g. {@code "accuracy"}). */
  public SparseCategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  boolean[] hits(Tensor yPred, Tensor yTrue) {
    return equal(Labels.argmaxRows(yPred, name()), Labels.classes(yTrue, yPred, name()), name());
  }

  static boolean[] equal(int[] p, int[] t, String name) {
    if (p.length != t.length) {
      throw new IllegalArgumentException(
          name + ": " + p.length + " predictions but " + t.length + " targets");
    }
    boolean[] out = new boolean[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] == t[i];
    }
    return out;
  }
}
