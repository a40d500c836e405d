package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Statistics built from other reductions: mean, var, std, countNonzero, nansum and nanmean. Each is
 * a {@link CompositeOp}: no kernel of its own. Means and variances are computed in float64 and cast
 * back to the input dtype, which keeps float32 results within rounding of PyTorch's.
 */
public final class ReduceStatsOps {
  private ReduceStatsOps() {}

  public static final CompositeOp MEAN = new CompositeOp("mean");
  public static final CompositeOp VAR = new CompositeOp("var");
  public static final CompositeOp STD = new CompositeOp("std");
  public static final CompositeOp COUNT_NONZERO = new CompositeOp("countNonzero", false);
  public static final CompositeOp NANSUM = new CompositeOp("nansum");
  public static final CompositeOp NANMEAN = new CompositeOp("nanmean");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(MEAN, VAR, STD, COUNT_NONZERO, NANSUM, NANMEAN);

  /**
   * The mean over {@code dims} (all when empty); the mean of no elements is NaN.
   *
   * @throws IllegalArgumentException for integer or bool inputs (use the {@code dtype} overload)
   */
  public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
    requireFloat(MEAN.name(), x.dtype(), " (pass a floating dtype to compute in)");
    long n = count(MEAN.name(), x, dims);
    Tensor sum = ReduceOps.SUM.apply(x, dims, keepdim, DType.FLOAT64);
    return BinaryOps.DIV.apply(sum, Tensor.wrapNumber((double) n)).to(x.dtype());
  }

  /** The mean of {@code x} cast to the floating {@code dtype}, over {@code dims}. */
  public static Tensor mean(Tensor x, int[] dims, boolean keepdim, DType dtype) {
    requireFloat(MEAN.name(), dtype, "");
    return mean(x.to(dtype), dims, keepdim);
  }

  /**
   * The variance over {@code dims}: the sum of squared deviations from the mean divided by {@code
   * max(0, N - correction)} (correction 1 is the unbiased estimate, 0 the population variance).
   *
   * @throws IllegalArgumentException for integer or bool inputs
   */
  public static Tensor var(Tensor x, int[] dims, double correction, boolean keepdim) {
    return variance(VAR.name(), x, dims, correction, keepdim).to(x.dtype());
  }

  /** The standard deviation over {@code dims}: the square root of {@link #var}. */
  public static Tensor std(Tensor x, int[] dims, double correction, boolean keepdim) {
    return UnaryOps.SQRT.apply(variance(STD.name(), x, dims, correction, keepdim)).to(x.dtype());
  }

  /** The number of non-zero elements over {@code dims} (all when empty), as int64. */
  public static Tensor countNonzero(Tensor x, int[] dims) {
    count(COUNT_NONZERO.name(), x, dims);
    Tensor nonzero = BinaryOps.NE.apply(x, Tensor.wrapNumber(false));
    return ReduceOps.SUM.apply(nonzero, dims, false);
  }

  /** The sum over {@code dims} with NaN counted as zero; dtypes as for {@code sum}. */
  public static Tensor nansum(Tensor x, int[] dims, boolean keepdim) {
    count(NANSUM.name(), x, dims);
    return ReduceOps.SUM.apply(zeroNans(x), dims, keepdim);
  }

  /**
   * The mean of the non-NaN elements over {@code dims}; NaN where there are none.
   *
   * @throws IllegalArgumentException for integer or bool inputs
   */
  public static Tensor nanmean(Tensor x, int[] dims, boolean keepdim) {
    requireFloat(NANMEAN.name(), x.dtype(), "");
    count(NANMEAN.name(), x, dims);
    Tensor sum = ReduceOps.SUM.apply(zeroNans(x), dims, keepdim, DType.FLOAT64);
    Tensor n = ReduceOps.SUM.apply(BinaryOps.EQ.apply(x, x), dims, keepdim);
    return BinaryOps.DIV.apply(sum, n).to(x.dtype());
  }

  private static Tensor zeroNans(Tensor x) {
    if (!x.dtype().isFloatingPoint()) {
      return x;
    }
    return PointwiseOps.where(BinaryOps.NE.apply(x, x), Tensor.wrapNumber(0.0), x);
  }

  /** The float64 variance, before the cast back to the input dtype. */
  private static Tensor variance(
      String op, Tensor x, int[] dims, double correction, boolean keepdim) {
    requireFloat(op, x.dtype(), "");
    long n = count(op, x, dims);
    Tensor xd = x.to(DType.FLOAT64);
    Tensor mean =
        BinaryOps.DIV.apply(ReduceOps.SUM.apply(xd, dims, true), Tensor.wrapNumber((double) n));
    Tensor dev = BinaryOps.SUB.apply(xd, mean);
    Tensor squares = ReduceOps.SUM.apply(BinaryOps.MUL.apply(dev, dev), dims, keepdim);
    return BinaryOps.DIV.apply(squares, Tensor.wrapNumber(Math.max(0, n - correction)));
  }

  /** Checks {@code dims} for {@code op} and returns how many elements each result reduces. */
  static long count(String op, Tensor x, int[] dims) {
    return ReduceOp.reducedCount(x.shape(), ReduceOp.reducedDims(op, x.dim(), dims));
  }

  /** Fails unless {@code dtype} is floating point, naming the op and the dtype. */
  static void requireFloat(String op, DType dtype, String hint) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": expected a floating point input, got dtype " + dtype + hint);
    }
  }
}
