package dev.kiln.backend.cpu;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.StridedLoop;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * Softmax and log-softmax rows behind {@link CpuBackend}: the rows (every position of the other
 * dims) are split across the intra-op pool, each row handled whole by one task, so results do not
 * depend on the thread count. float32 rows go to the {@link CpuKernels}; float64 (and any other
 * floating dtype) rows take a double loop through {@link Storage}.
 *
 * <p>float32 softmax rows (not log-softmax) and their gradients are written with subnormal results
 * (magnitude below {@link Float#MIN_NORMAL}, about 1.2e-38) flushed to 0, as TensorFlow and oneDNN
 * do with their flush-to-zero CPU mode. Saturated attention rows produce them (W4: 4 % of the
 * forward weights and 15 % of their gradients), and every GEMM that reads a subnormal operand takes
 * a microcode assist per multiply: W4's attention products took 1.2 to 1.7 ms each instead of 17 µs
 * (0.8 GFLOP/s), 8 of the 11 backward products' time. A flushed value differs from the exact one by
 * less than 1.2e-38.
 */
final class CpuSoftmax {
  private final CpuKernels kernels;

  CpuSoftmax(CpuKernels kernels) {
    this.kernels = kernels;
  }

  /** {@link dev.kiln.backend.Backend#softmax}. */
  void softmax(Tensor x, int dim, boolean log, Tensor out) {
    int len = x.shape()[dim];
    if (x.numel() == 0) {
      return;
    }
    int xs = x.strides()[dim];
    int os = out.strides()[dim];
    StridedLoop rows = CpuBackend.loop(row(out, dim), row(x, dim));
    if (x.dtype() == DType.FLOAT32) {
      float[] xa = (float[]) x.storage().array();
      float[] oa = (float[]) out.storage().array();
      forEachRow(
          rows,
          len,
          (o, i) -> {
            kernels.softmax(xa, o[1] + i[1], xs, oa, o[0] + i[0], os, len, log);
            if (!log) {
              flushSubnormals(oa, o[0] + i[0], os, len);
            }
          });
    } else {
      Storage xst = x.storage();
      Storage ost = out.storage();
      DType t = x.dtype();
      forEachRow(
          rows,
          len,
          (o, i) -> {
            int xb = o[1] + i[1];
            int ob = o[0] + i[0];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
              double v = xst.getDouble(xb + j * xs, t);
              max = v > max || Double.isNaN(v) ? v : max;
            }
            double sum = 0;
            for (int j = 0; j < len; j++) {
              sum += Math.exp(xst.getDouble(xb + j * xs, t) - max);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < len; j++) {
              double s = xst.getDouble(xb + j * xs, t) - max;
              ost.setDouble(ob + j * os, log ? s - logSum : Math.exp(s) / sum, t);
            }
          });
    }
  }

  /** {@link dev.kiln.backend.Backend#softmaxBackward}. */
  void softmaxBackward(Tensor g, Tensor y, int dim, boolean log, Tensor out) {
    int len = y.shape()[dim];
    if (y.numel() == 0) {
      return;
    }
    int gs = g.strides()[dim];
    int ys = y.strides()[dim];
    int os = out.strides()[dim];
    StridedLoop rows = CpuBackend.loop(row(out, dim), row(g, dim), row(y, dim));
    if (y.dtype() == DType.FLOAT32) {
      float[] ga = (float[]) g.storage().array();
      float[] ya = (float[]) y.storage().array();
      float[] oa = (float[]) out.storage().array();
      forEachRow(
          rows,
          len,
          (o, i) -> {
            kernels.softmaxBackward(
                ga, o[1] + i[1], gs, ya, o[2] + i[2], ys, oa, o[0] + i[0], os, len, log);
            if (!log) {
              flushSubnormals(oa, o[0] + i[0], os, len);
            }
          });
    } else {
      Storage gst = g.storage();
      Storage yst = y.storage();
      Storage ost = out.storage();
      DType t = y.dtype();
      forEachRow(
          rows,
          len,
          (o, i) -> {
            double dot = 0;
            for (int j = 0; j < len; j++) {
              double gj = gst.getDouble(o[1] + i[1] + j * gs, t);
              dot += log ? gj : gj * yst.getDouble(o[2] + i[2] + j * ys, t);
            }
            for (int j = 0; j < len; j++) {
              double gj = gst.getDouble(o[1] + i[1] + j * gs, t);
              double yj = yst.getDouble(o[2] + i[2] + j * ys, t);
              ost.setDouble(
                  o[0] + i[0] + j * os, log ? gj - Math.exp(yj) * dot : yj * (gj - dot), t);
            }
          });
    }
  }

  /** Writes 0 over the subnormal values of one row of {@code n} elements. */
  static void flushSubnormals(float[] a, int off, int stride, int n) {
    for (int j = 0, p = off; j < n; j++, p += stride) {
      float v = a[p];
      a[p] = Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
    }
  }

  /** One row's work, given the run's base offsets and the row's offset within the run. */
  @FunctionalInterface
  private interface RowBody {
    void run(int[] runOffsets, int[] rowOffsets);
  }

  /**
   * Runs {@code body} for every row, rows split across the pool (about a grain of elements each).
   */
  private static void forEachRow(StridedLoop rows, int len, RowBody body) {
    int grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, len));
    Parallel.parallelFor(
        rows.numel(),
        grain,
        (start, end) ->
            rows.runRange(
                start,
                end,
                (o, s, n) -> {
                  int[] at = new int[s.length];
                  for (int r = 0; r < n; r++) {
                    for (int op = 0; op < s.length; op++) {
                      at[op] = r * s[op];
                    }
                    body.run(o, at);
                  }
                }));
  }

  /** The tensor's layout with {@code dim} narrowed to its first element: one entry per row. */
  private static Tensor row(Tensor t, int dim) {
    int[] shape = t.shape();
    shape[dim] = 1;
    return Tensor.wrap(t.storage(), t.dtype(), shape, t.strides(), t.storageOffset());
  }
}
