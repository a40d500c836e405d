package dev.kiln.train.metrics;

/**
 * F1Score: the harmonic mean of precision and recall, 2tp / (2tp + fp + fn) (0 when undefined);
 * macro averages the per-class F1. Binary (scores above a threshold against 0/1 targets) or
 * multiclass (argmax of {@code [N, C]} scores against labels) with {@link Average#MICRO} or {@link
 * Average#MACRO}, as scikit-learn computes it.
 */
public final class F1Score extends ClassificationMetric {
  /** Binary with threshold 0.5, named {@code "f1_score"}. */
  public F1Score() {
    this("f1_score", 0.5);
  }

  /** Binary: positive when the score is above {@code threshold} (0 for logits). */
  public F1Score(String name, double threshold) {
    super(name, threshold);
  }

  /**
   * Multiclass over {@code numClasses}, averaged by {@code average} (MICRO or MACRO).
   *
   * @throws IllegalArgumentException for Average.BINARY or fewer than 2 classes
   */
  public F1Score(String name, int numClasses, Average average) {
    super(name, numClasses, average);
  }

  @Override
  double score(long tp, long fp, long fn) {
    return ratio(2 * tp, 2 * tp + fp + fn);
  }
}
