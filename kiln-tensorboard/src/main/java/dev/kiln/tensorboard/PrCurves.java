package dev.kiln.tensorboard;

/**
 * The precision-recall table TensorBoard's PR curve plugin reads, computed as PyTorch's {@code
 * compute_curve}: predictions are bucketed into {@code numThresholds} thresholds, and row-major
 * rows are true positives, false positives, true negatives, false negatives, precision, recall.
 */
final class PrCurves {
  /** PyTorch's and TensorBoard's default number of thresholds. */
  static final int DEFAULT_THRESHOLDS = 127;

  private static final double MINIMUM_COUNT = 1e-7;

  private PrCurves() {}

  /**
   * The [6, numThresholds] table, row-major. {@code labels} are truth values (non-zero is positive,
   * used as weights like PyTorch), {@code predictions} probabilities in [0, 1]. With {@code
   * singlePrecision} the bucket index {@code prediction * (numThresholds - 1)} is computed in
   * float32, as numpy does for float32 predictions (0.9f * 10 is 9 in float32, 8.99... in float64).
   */
  static float[] compute(
      double[] labels, double[] predictions, int numThresholds, boolean singlePrecision) {
    int t = numThresholds;
    double[] tpBuckets = new double[t];
    double[] fpBuckets = new double[t];
    for (int i = 0; i < predictions.length; i++) {
      double scaled =
          singlePrecision
              ? (double) ((float) predictions[i] * (float) (t - 1))
              : predictions[i] * (t - 1);
      double index = Math.floor(scaled);
      if (index < 0 || index > t - 1 || Double.isNaN(index)) {
        continue; // numpy.histogram drops values outside its range
      }
      // numpy.histogram over range (0, t-1) with t bins: bin = floor(index * t / (t-1)), the
      // last edge inclusive.
      int bin = (int) Math.min(t - 1, Math.floor(index * t / (t - 1)));
      tpBuckets[bin] += labels[i];
      fpBuckets[bin] += 1.0 - labels[i];
    }
    float[] out = new float[6 * t];
    double tp = 0;
    double fp = 0;
    double[] tpCum = new double[t];
    double[] fpCum = new double[t];
    for (int k = t - 1; k >= 0; k--) {
      tp += tpBuckets[k];
      fp += fpBuckets[k];
      tpCum[k] = tp;
      fpCum[k] = fp;
    }
    for (int k = 0; k < t; k++) {
      double tn = fpCum[0] - fpCum[k];
      double fn = tpCum[0] - tpCum[k];
      out[k] = (float) tpCum[k];
      out[t + k] = (float) fpCum[k];
      out[2 * t + k] = (float) tn;
      out[3 * t + k] = (float) fn;
      out[4 * t + k] = (float) (tpCum[k] / Math.max(MINIMUM_COUNT, tpCum[k] + fpCum[k]));
      out[5 * t + k] = (float) (tpCum[k] / Math.max(MINIMUM_COUNT, tpCum[k] + fn));
    }
    return out;
  }
}
