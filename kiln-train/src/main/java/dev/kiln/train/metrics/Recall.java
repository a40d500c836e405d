package dev.kiln.train.metrics;

/**
 * Recall: the fraction of true positives found (0 when there are none). Binary (scores above a
 * threshold against 0/1 targets) or multiclass (argmax of {@code [N, C]} scores against labels)
 * with {@link Average#MICRO} or {@link Average#MACRO}, as scikit-learn computes it.
 */
public final class Recall extends ClassificationMetric {
  /** Binary with threshold 0.5, named {@code "recall"}. */
  public Recall() {
    this("recall", 0.5);
  }

  /** Binary: positive when the score is above {@code threshold} (0 for logits). */
  public Recall(String name, double threshold) {
    super(name, threshold);
  }

  /**
   * Multiclass over {@code numClasses}, averaged by {@code average} (MICRO or MACRO).
   *
   * @throws IllegalArgumentException for Average.BINARY or fewer than 2 classes
   */
  public Recall(String name, int numClasses, Average average) {
    super(name, numClasses, average);
  }

  @Override
  double score(long tp, long fp, long fn) {
    return ratio(tp, tp + fn);
  }
}
