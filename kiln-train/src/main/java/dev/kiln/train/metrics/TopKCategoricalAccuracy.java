package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Whether the true class is among the {@code k} highest of the {@code [N, C]} scores (Keras's
 * {@code top_k_categorical_accuracy} for one-hot targets and {@code
 * sparse_top_k_categorical_accuracy} for labels; scikit-learn's {@code top_k_accuracy_score}). A
 * sample is a hit when fewer than {@code k} classes score strictly higher than the true one.
 */
public final class TopKCategoricalAccuracy extends AccuracyMetric {
  private final int k;

  /** Top-{@code k}, named {@code "top_k_accuracy"}. */
  public TopKCategoricalAccuracy(int k) {
    this("top_k_accuracy", k);
  }

  /**
   * Top-{@code k} under {@code name}.
   *
   * @throws IllegalArgumentException if k &lt; 1
   */
  public TopKCategoricalAccuracy(String name, int k) {
    super(name);
    if (k < 1) {
      throw new IllegalArgumentException(name + ": k must be >= 1, got " + k);
    }
    this.k = k;
  }

  /** How many top classes count. */
  public int k() {
    return k;
  }

  @Override
  boolean[] hits(Tensor yPred, Tensor yTrue) {
    if (yPred.dim() != 2) {
      throw new IllegalArgumentException(
          name() + ": expected [N, C] scores, got shape " + Arrays.toString(yPred.shape()));
    }
    int c = yPred.size(1);
    int[] t = Labels.classes(yTrue, yPred, name());
    double[] v = yPred.toDoubleArray();
    boolean[] out = new boolean[t.length];
    for (int i = 0; i < t.length; i++) {
      double own = v[i * c + t[i]];
      int higher = 0;
      for (int j = 0; j < c; j++) {
        higher += v[i * c + j] > own ? 1 : 0;
      }
      out[i] = higher < k;
    }
    return out;
  }
}
