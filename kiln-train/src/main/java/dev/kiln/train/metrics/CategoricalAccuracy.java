package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;

/**
 * Keras's {@code categorical_accuracy}: the argmax of the {@code [N, C]} scores (probabilities or
 * logits) equals the argmax of the one-hot or probability targets {@code [N, C]}.
 */
public final class CategoricalAccuracy extends AccuracyMetric {
  /** Name {@code "categorical_accuracy"}. */
  public CategoricalAccuracy() {
    this("categorical_accuracy");
  }

  /** Reported under {@code name}. */
  public CategoricalAccuracy(String name) {
    super(name);
  }

  @Override
  boolean[] hits(Tensor yPred, Tensor yTrue) {
    if (yTrue.dim() != 2) {
      throw new IllegalArgumentException(
          name() + ": expected one-hot targets [N, C]; use SparseCategoricalAccuracy for labels");
    }
    int[] p = Labels.argmaxRows(yPred, name());
    int[] t = Labels.classes(yTrue, yPred, name());
    return SparseCategoricalAccuracy.equal(p, t, name());
  }
}
