package dev.kiln.train.metrics;

import java.util.Arrays;

/**
 * Scores with positive/negative flags kept sorted by score, descending, so that a batch costs a
 * sort of the batch plus one merge, and an area is one linear pass. Backs {@link AUC}.
 */
final class SortedScores {
  private double[] scores = new double[0];
  private boolean[] positive = new boolean[0];
  private int size;
  private long positives;

  /** Adds a batch of {@code n} scores and flags. */
  void add(double[] batchScores, boolean[] batchPositive, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(batchScores[b], batchScores[a]));
    double[] s = new double[size + n];
    boolean[] p = new boolean[size + n];
    int i = 0;
    int j = 0;
    for (int k = 0; k < size + n; k++) {
      if (j >= n || (i < size && scores[i] >= batchScores[order[j]])) {
        s[k] = scores[i];
        p[k] = positive[i++];
      } else {
        s[k] = batchScores[order[j]];
        p[k] = batchPositive[order[j++]];
        positives += p[k] ? 1 : 0;
      }
    }
    scores = s;
    positive = p;
    size += n;
  }

  void clear() {
    scores = new double[0];
    positive = new boolean[0];
    size = 0;
    positives = 0;
  }

  /**
   * The area under the ROC curve (trapezoids) or the average precision, tied scores forming one
   * step; NaN without positives (or, for ROC, without negatives).
   */
  double area(AUC.Curve curve) {
    long pos = positives;
    long neg = size - pos;
    if (pos == 0 || (curve == AUC.Curve.ROC && neg == 0)) {
      return Double.NaN;
    }
    double area = 0;
    long tp = 0;
    long fp = 0;
    long prevTp = 0;
    long prevFp = 0;
    for (int i = 0; i < size; ) {
      double score = scores[i];
      while (i < size && scores[i] == score) {
        if (positive[i]) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      if (curve == AUC.Curve.ROC) {
        area += (double) (fp - prevFp) / neg * (tp + prevTp) / 2.0 / pos;
      } else {
        area += (double) (tp - prevTp) / pos * tp / (tp + fp);
      }
      prevTp = tp;
      prevFp = fp;
    }
    return area;
  }
}
