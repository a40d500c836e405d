package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Counting into bins: histc (equal-width bins over a range) and bincount (one bin per integer).
 * Neither is differentiable (PyTorch defines no derivative for them): results never require grad.
 */
public final class HistogramOps {
  private HistogramOps() {}

  public static final PrimitiveOp HISTC = new PrimitiveOp("histc", false);
  public static final PrimitiveOp BINCOUNT = new PrimitiveOp("bincount", false);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(HISTC, BINCOUNT);

  /**
   * A histogram of {@code x} in {@code bins} equal-width bins over {@code [min, max]}; elements
   * outside the range (and NaN) are not counted, and the last bin includes {@code max}. When {@code
   * min == max} the data's own range is used (widened by 1 each way if it is a single value). The
   * result has x's dtype. Bin positions are computed in x's precision, as PyTorch does.
   *
   * @throws IllegalArgumentException for non-floating inputs, bins &lt; 1, an infinite or NaN
   *     range, or {@code min > max}
   */
  public static Tensor histc(Tensor x, int bins, double min, double max) {
    String op = HISTC.name();
    ReduceStatsOps.requireFloat(op, x.dtype(), "");
    if (bins < 1) {
      throw new IllegalArgumentException(op + ": expected bins > 0, got " + bins);
    }
    boolean single = x.dtype() != DType.FLOAT64;
    double[] v = x.contiguous().toDoubleArray();
    double lo = round(min, single);
    double hi = round(max, single);
    if (lo == hi && v.length > 0) {
      lo = Double.POSITIVE_INFINITY;
      hi = Double.NEGATIVE_INFINITY;
      for (double e : v) {
        lo = Double.isNaN(e) || Double.isNaN(lo) ? Double.NaN : Math.min(lo, e);
        hi = Double.isNaN(e) || Double.isNaN(hi) ? Double.NaN : Math.max(hi, e);
      }
    }
    if (lo == hi) {
      lo = round(lo - 1, single);
      hi = round(hi + 1, single);
    }
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException(op + ": range of [" + lo + ", " + hi + "] is not finite");
    }
    if (lo > hi) {
      throw new IllegalArgumentException(
          op + ": max must be larger than min, got min " + min + " and max " + max);
    }
    double[] counts = new double[bins];
    for (double e : v) {
      if (!(e >= lo && e <= hi)) {
        continue;
      }
      long pos =
          single
              ? (long) (((float) e - (float) lo) * bins / ((float) hi - (float) lo))
              : (long) ((e - lo) * bins / (hi - lo));
      counts[(int) Math.min(pos, bins - 1)]++;
    }
    return Tensor.of(counts).to(x.dtype());
  }

  /**
   * How often each non-negative integer occurs in the 1-D {@code x}: a vector of length {@code
   * max(max(x) + 1, minlength)}. With {@code weights} (same length as x, may be null) each
   * occurrence adds its weight instead of 1; the result is then float32 for float32 weights and
   * float64 otherwise, else int64.
   *
   * @throws IllegalArgumentException for a non-integer or not 1-D x, negative values, weights of
   *     another length, or a negative minlength
   */
  public static Tensor bincount(Tensor x, Tensor weights, int minlength) {
    String op = BINCOUNT.name();
    if (x.dim() != 1 || x.dtype().isFloatingPoint() || x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          op
              + ": expected a 1-D integer input, got dtype "
              + x.dtype()
              + " of shape "
              + Shapes.str(x.shape()));
    }
    if (minlength < 0) {
      throw new IllegalArgumentException(op + ": expected minlength >= 0, got " + minlength);
    }
    if (weights != null && (weights.dim() != 1 || weights.numel() != x.numel())) {
      throw new IllegalArgumentException(
          op
              + ": expected 1-D weights of the input's length "
              + x.numel()
              + ", got shape "
              + Shapes.str(weights.shape()));
    }
    long[] v = x.contiguous().toLongArray();
    long top = -1;
    for (int i = 0; i < v.length; i++) {
      if (v[i] < 0) {
        throw new IllegalArgumentException(
            op + ": expected non-negative values, got " + v[i] + " at index " + i);
      }
      top = Math.max(top, v[i]);
    }
    int size = (int) Math.max(top + 1, minlength);
    if (weights == null) {
      long[] counts = new long[size];
      for (long e : v) {
        counts[(int) e]++;
      }
      return Tensor.of(counts);
    }
    if (weights.dtype() == DType.FLOAT32) {
      float[] w = weights.contiguous().toFloatArray();
      float[] sums = new float[size];
      for (int i = 0; i < v.length; i++) {
        sums[(int) v[i]] += w[i];
      }
      return Tensor.of(sums);
    }
    double[] w = weights.contiguous().toDoubleArray();
    double[] sums = new double[size];
    for (int i = 0; i < v.length; i++) {
      sums[(int) v[i]] += w[i];
    }
    return Tensor.of(sums);
  }

  /** {@code v} rounded to float32 when {@code single}. */
  private static double round(double v, boolean single) {
    return single ? (float) v : v;
  }
}
