package dev.kiln.train.metrics;

/** How precision, recall and F1 combine classes (scikit-learn's {@code average}). */
public enum Average {
  /** Two classes; the score of the positive class. */
  BINARY,
  /** Global counts over all classes (equals accuracy for single-label data). */
  MICRO,
  /**
   * The unweighted mean of the per-class scores, over the classes seen in targets or predictions.
   */
  MACRO
}
