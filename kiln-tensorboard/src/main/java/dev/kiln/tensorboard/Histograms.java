package dev.kiln.tensorboard;

import dev.kiln.tensorboard.proto.HistogramProto;
import java.util.Arrays;

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
    Accumulator acc = new Accumulator();
    acc.add(values, values.length);
    return acc.toProto();
  }

  /** The histogram of float32 values (widened to double in chunks, as PyTorch widens them). */
  static HistogramProto of(float[] values) {
    Accumulator acc = new Accumulator();
    double[] chunk = new double[Math.min(values.length, 4096)];
    for (int start = 0; start < values.length; start += chunk.length) {
      int n = Math.min(chunk.length, values.length - start);
      for (int k = 0; k < n; k++) {
        chunk[k] = values[start + k];
      }
      acc.add(chunk, n);
    }
    return acc.toProto();
  }

  /** Counts and statistics of the values seen so far. */
  private static final class Accumulator {
    final long[] counts = new long[DEFAULT_LIMITS.length];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum;
    double sumSquares;
    long num;

    void add(double[] values, int n) {
      for (int k = 0; k < n; k++) {
        double v = values[k];
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
    }

    HistogramProto toProto() {
      return encode(counts, min, max, sum, sumSquares, num);
    }
  }

  private static HistogramProto encode(
      long[] counts, double min, double max, double sum, double sumSquares, long num) {
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
   * The index of the first limit greater than {@code v} (the last bucket for +inf). A table indexed
   * by the sign, exponent and top 4 mantissa bits of {@code v} (slices narrower than the 1.1 bucket
   * ratio, so each holds at most one limit) gives a lower bound; two branch-free steps finish.
   */
  static int bucketOf(double v) {
    double x = v + 0.0; // turns -0.0 into 0.0
    int i = SLICE_TABLE[(int) (Double.doubleToRawLongBits(x) >>> SLICE_SHIFT)];
    i += SEARCH_LIMITS[i] <= x ? 1 : 0;
    i += SEARCH_LIMITS[i] <= x ? 1 : 0;
    return Math.min(i, DEFAULT_LIMITS.length - 1);
  }

  /** Keys are the top 16 bits: sign, 11 exponent bits and 4 mantissa bits. */
  private static final int SLICE_SHIFT = 52 - 4;

  private static final int SLICES = 1 << 15;

  /** The limits followed by NaN sentinels, which compare false, so the steps stop there. */
  private static final double[] SEARCH_LIMITS = searchLimits();

  /**
   * For a positive slice [a, b): the first limit above a, a lower bound for v in [a, b); for the
   * negative slice (-b, -a]: the first limit above -b.
   */
  private static final int[] SLICE_TABLE = sliceTable();

  private static double[] searchLimits() {
    double[] padded = Arrays.copyOf(DEFAULT_LIMITS, DEFAULT_LIMITS.length + 2);
    padded[DEFAULT_LIMITS.length] = Double.NaN;
    padded[DEFAULT_LIMITS.length + 1] = Double.NaN;
    return padded;
  }

  private static int[] sliceTable() {
    int[] table = new int[2 * SLICES];
    for (int k = 0; k < SLICES; k++) {
      table[k] = firstAbove(sliceStart(k));
      double end = sliceStart(k + 1); // NaN past infinity, where only -inf can fall: bucket 0
      table[SLICES + k] = Double.isNaN(end) ? 0 : firstAbove(-end);
    }
    return table;
  }

  private static int firstAbove(double bound) {
    if (Double.isNaN(bound)) {
      return DEFAULT_LIMITS.length;
    }
    int i = Arrays.binarySearch(DEFAULT_LIMITS, bound);
    return i >= 0 ? i + 1 : -i - 1;
  }

  private static double sliceStart(int key) {
    return key >= SLICES
        ? Double.POSITIVE_INFINITY
        : Double.longBitsToDouble((long) key << SLICE_SHIFT);
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
