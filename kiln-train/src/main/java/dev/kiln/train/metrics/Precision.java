package dev.kiln.train.metrics;

/**
 * Precision: the fraction of predicted positives that are right (0 when nothing is predicted
 * positive). Binary (scores above a threshold against 0/1 targets) or multiclass (argmax of {@code
 * [N, C]} scores against labels) with {@link Average#MICRO} or {@link Average#MACRO}, as
 * scikit-learn computes it.
 */
public final class Precision extends ClassificationMetric {
  /** Binary with threshold 0.5, named {@code "precision"}. */
  public Precision() {
    this("precision", 0.5);
  }

  /** Binary: positive when the score is above {@code threshold} (0 for logits). */
  public Precision(String name, double threshold) {
    super(name, threshold);
  }

  /**
   * Multiclass over {@code numClasses}, averaged by {@code average} (MICRO or MACRO).
   *
   * @throws IllegalArgumentException for Average.BINARY or fewer than 2 classes
   */
  public Precision(String name, int numClasses, Average average) {
    super(name, numClasses, average);
  }

  @Override
  double score(long tp, long fp, long fn) {
    return ratio(tp, tp + fp);
  }
}
