package dev.kiln.backend.cpu;

import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.TernaryKind;
import dev.kiln.backend.UnaryKind;

/**
 * The float32 hot loops behind {@link CpuBackend}, over one run of elements with a stride per
 * operand (1 in the contiguous case, 0 for a broadcast scalar). {@link ScalarCpuKernels} is the
 * reference; {@code VectorCpuKernels} overrides what the Vector API speeds up. Chosen once by
 * {@link CpuKernelsProvider}.
 */
public interface CpuKernels {
  /** A short name for logs and benchmarks: "scalar" or "vector". */
  String name();

  /** {@code out[i] = kind(x[i]; p, q)} over a run. */
  void unary(
      UnaryKind kind,
      float[] x,
      int xOff,
      int xStride,
      float[] out,
      int outOff,
      int outStride,
      int n,
      double p,
      double q);

  /**
   * {@code out[i] = kind(a[i], b[i])} over a run (arithmetic kinds only; predicates are generic).
   */
  void binary(
      BinaryKind kind,
      float[] a,
      int aOff,
      int aStride,
      float[] b,
      int bOff,
      int bStride,
      float[] out,
      int outOff,
      int outStride,
      int n);

  /**
   * {@code out[i] = kind(a[i], b[i]) != 0 ? 1 : 0} over a run, for the predicate kinds (comparisons
   * and logical ops) with a bool ({@code byte}) output.
   */
  void compare(
      BinaryKind kind,
      float[] a,
      int aOff,
      int aStride,
      float[] b,
      int bOff,
      int bStride,
      byte[] out,
      int outOff,
      int outStride,
      int n);

  /**
   * {@code out[i] = kind(x[i], a[i], b[i]; value)} over a run: one fused pass (stride 0 broadcasts
   * an operand's one element).
   */
  void ternary(
      TernaryKind kind,
      float[] x,
      int xOff,
      int xStride,
      float[] a,
      int aOff,
      int aStride,
      float[] b,
      int bOff,
      int bStride,
      float[] out,
      int outOff,
      int outStride,
      int n,
      float value);

  /**
   * Softmax (log-softmax when {@code log}) of one row of {@code n} elements into {@code out}; the
   * row's sums accumulate in at least float32 lanes combined in double.
   */
  void softmax(
      float[] x, int xOff, int xStride, float[] out, int outOff, int outStride, int n, boolean log);

  /**
   * The input gradient of one softmax row ({@code y * (g - sum(g * y))}) or log-softmax row ({@code
   * g - exp(y) * sum(g)}) into {@code out}.
   */
  void softmaxBackward(
      float[] g,
      int gOff,
      int gStride,
      float[] y,
      int yOff,
      int yStride,
      float[] out,
      int outOff,
      int outStride,
      int n,
      boolean log);

  /**
   * Layer-normalises the row {@code x[xOff .. xOff + n)} into {@code out} ({@code weight} and
   * {@code bias} of length {@code n}, or both null) and stores its mean and {@code 1 / sqrt(var +
   * eps)} at {@code mean[meanAt]} and {@code rstd[rstdAt]}.
   */
  void layerNorm(
      float[] x,
      int xOff,
      int n,
      float[] weight,
      float[] bias,
      double eps,
      float[] out,
      int outOff,
      float[] mean,
      int meanAt,
      float[] rstd,
      int rstdAt);

  /** The input gradient of one layer-normalised row (see {@code Backend#layerNormBackward}). */
  void layerNormBackward(
      float[] g,
      int gOff,
      float[] x,
      int xOff,
      int n,
      float[] weight,
      float mean,
      float rstd,
      float[] gx,
      int gxOff);

  /** Reduces a run of {@code x} into one value, combined with {@code acc} (SUM, PROD, MAX, MIN). */
  double reduceRun(ReduceKind kind, double acc, float[] x, int off, int stride, int n);

  /** {@code out[i] = combine(out[i], x[i])} over a run, accumulating in double. */
  void accumulate(
      ReduceKind kind,
      float[] x,
      int xOff,
      int xStride,
      double[] out,
      int outOff,
      int outStride,
      int n);

  /**
   * {@code c[M,N] = a[M,K] @ b[K,N]}, C overwritten. A and B are read through a row and a column
   * stride each (any strides, 0 included: a transposed operand needs no copy); row {@code i} of C
   * starts at {@code cOff + i * ldc} with contiguous columns.
   */
  void gemm(
      float[] a,
      int aOff,
      int aRowStride,
      int aColStride,
      float[] b,
      int bOff,
      int bRowStride,
      int bColStride,
      float[] c,
      int cOff,
      int ldc,
      int m,
      int n,
      int k);
}
