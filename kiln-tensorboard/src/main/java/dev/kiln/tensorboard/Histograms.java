package dev.kiln.tensorboard;

import dev.kiln.tensorboard.proto.HistogramProto;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * TensorBoard's (TensorFlow's) default histogram buckets: right edges {@code ±1e-12 * 1.1^k} up to
 * 1e20, zero in the middle, and {@code ±Double.MAX_VALUE} at the ends. Bucket {@code i} counts
 * values in {@code [limit[i-1], limit[i])}. The encoded proto keeps the buckets from the first to
 * the last non-empty one and merges each run of empty buckets inside into one, as TensorFlow's
 * {@code Histogram::EncodeToProto} does. NaN values are left out of every statistic.
 */
final class Histograms {
  /** The right edges of TensorFlow's default buckets, ascending. */
  static final double[] DEFAULT_LIMITS = defaultLimits();

  private Histograms() {}

  /** The histogram of {@code values} ({@code num} counts the non-NaN values). */
  static HistogramProto of(double[] values) {
    return of(values.length, i -> values[i]);
  }

  /** The histogram of float32 values (summed in double, as numpy sums them for PyTorch). */
  static HistogramProto of(float[] values) {
    return of(values.length, i -> values[i]);
  }

  private static HistogramProto of(int n, IntToDoubleFunction value) {
    long[] counts = new long[DEFAULT_LIMITS.length];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double sumSquares = 0;
    long num = 0;
    for (int k = 0; k < n; k++) {
      double v = value.applyAsDouble(k);
      if (Double.isNaN(v)) {
        continue;
      }
      counts[bucketOf(v)]++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      sumSquares += v * v;
      num++;
    }
    HistogramProto.Builder h =
        HistogramProto.newBuilder().setNum(num).setSum(sum).setSumSquares(sumSquares);
    if (num == 0) {
      return h.build();
    }
    h.setMin(min).setMax(max);
    int first = 0;
    while (counts[first] == 0) {
      first++;
    }
    int last = counts.length - 1;
    while (counts[last] == 0) {
      last--;
    }
    for (int i = first; i <= last; i++) {
      if (counts[i] == 0) {
        while (counts[i + 1] == 0) {
          i++; // merge the run of empty buckets into its last one
        }
      }
      h.addBucketLimit(DEFAULT_LIMITS[i]).addBucket(counts[i]);
    }
    return h.build();
  }

  /**
   * The index of the first limit greater than {@code v} (the last bucket for +inf). Starts from a
   * table indexed by the binary exponent of {@code v}, then steps over the few (at most 8) limits
   * within that power of two: about 4 comparisons instead of a binary search's 11.
   */
  static int bucketOf(double v) {
    double x = v + 0.0; // turns -0.0 into 0.0
    int e = Math.getExponent(x) - Double.MIN_EXPONENT + 1;
    int i = x >= 0 ? FIRST_ABOVE_POWER[e] : FIRST_ABOVE_NEGATIVE_POWER[e];
    while (i < DEFAULT_LIMITS.length && DEFAULT_LIMITS[i] <= x) {
      i++;
    }
    return Math.min(i, DEFAULT_LIMITS.length - 1);
  }

  /** For each exponent e (offset as in bucketOf): the first limit above 2^e. */
  private static final int[] FIRST_ABOVE_POWER = firstAbove(1);

  /**
   * For each exponent e: the first limit above -2^(e+1), a lower bound for v in [-2^(e+1), -2^e].
   */
  private static final int[] FIRST_ABOVE_NEGATIVE_POWER = firstAbove(-1);

  private static int[] firstAbove(int sign) {
    int exponents = Double.MAX_EXPONENT - Double.MIN_EXPONENT + 3; // subnormal/zero .. inf/NaN
    int[] table = new int[exponents];
    for (int k = 0; k < exponents; k++) {
      int e = k + Double.MIN_EXPONENT - 1;
      double bound = sign > 0 ? Math.scalb(1.0, e) : -Math.scalb(1.0, e + 1);
      int i = Arrays.binarySearch(DEFAULT_LIMITS, bound);
      table[k] = i >= 0 ? i + 1 : -i - 1;
    }
    return table;
  }

  private static double[] defaultLimits() {
    int n = 0;
    for (double v = 1e-12; v < 1e20; v *= 1.1) {
      n++;
    }
    double[] limits = new double[2 * n + 3];
    limits[0] = -Double.MAX_VALUE;
    limits[n + 1] = 0;
    limits[2 * n + 2] = Double.MAX_VALUE;
    double v = 1e-12;
    for (int k = 0; k < n; k++, v *= 1.1) {
      limits[n + 2 + k] = v;
      limits[n - k] = -v;
    }
    return limits;
  }
}
