package dev.kiln.backend.cpu;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.StridedLoop;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * The CPU reductions behind {@link CpuBackend}: reduce, argReduce and scan, split across the
 * intra-op pool so that results never depend on the thread count (DESIGN §3).
 *
 * <p>Two ways to split, both with a fixed combination order:
 *
 * <ul>
 *   <li>When the output has a dim of size &gt; 1 (a kept dim), that dim is cut into slices and each
 *       output element is computed by one task, in exactly the order a single thread would use.
 *   <li>When every dim is reduced (a full reduction), the input's row-major element range is cut
 *       into chunks of {@value #CHUNK} elements, whatever the thread count; each chunk is reduced
 *       from the identity and the partial results are combined in chunk order.
 * </ul>
 */
final class CpuReductions {
  /** Elements per partial result of a full reduction: fixed, so results are deterministic. */
  static final int CHUNK = 1 << 15;

  /**
   * Elements per task of a reduction (8 chunks): a sum reads ~10 GB/s per thread, so smaller tasks
   * cost more to hand to the pool than they save (measured: the sum of 65,536 floats took 4 µs on
   * one thread, 22 µs on two; of 262,144, 17 µs and 24 µs, on the busy 2-core machine).
   */
  static final int REDUCE_GRAIN = 8 * CHUNK;

  private final CpuKernels kernels;

  CpuReductions(CpuKernels kernels) {
    this.kernels = kernels;
  }

  /** {@link dev.kiln.backend.Backend#reduce}. */
  void reduce(ReduceKind kind, Tensor x, Tensor out) {
    fillIdentity(kind, out);
    if (x.numel() == 0) {
      return;
    }
    int d = splitDim(out.shape(), -1);
    if (d >= 0) {
      int size = out.shape()[d];
      Parallel.parallelFor(
          size,
          grain(x.numel(), size),
          (s, e) -> reduceSlice(kind, slice(x, d, s, e), slice(out, d, s, e)));
    } else if (out.dtype().isFloatingPoint()) {
      reduceAll(kind, x, out);
    } else {
      reduceSlice(kind, x, out);
    }
  }

  /** {@link dev.kiln.backend.Backend#argReduce}. */
  void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
    int d = splitDim(values.shape(), dim);
    if (d < 0) {
      argReduceSlice(max, x, dim, values, indices);
      return;
    }
    int size = values.shape()[d];
    Parallel.parallelFor(
        size,
        grain(x.numel(), size),
        (s, e) ->
            argReduceSlice(
                max, slice(x, d, s, e), dim, slice(values, d, s, e), slice(indices, d, s, e)));
  }

  /** {@link dev.kiln.backend.Backend#scan}. */
  void scan(ReduceKind kind, Tensor x, int dim, Tensor out) {
    if (x.shape()[dim] == 0 || x.numel() == 0) {
      return;
    }
    int[] shape = x.shape();
    shape[dim] = 1;
    int d = splitDim(shape, -1);
    if (d < 0) {
      scanSlice(kind, x, dim, out);
      return;
    }
    Parallel.parallelFor(
        shape[d],
        grain(x.numel(), shape[d]),
        (s, e) -> scanSlice(kind, slice(x, d, s, e), dim, slice(out, d, s, e)));
  }

  /** The largest dim of {@code shape} other than {@code exclude} with size &gt; 1, or -1. */
  private static int splitDim(int[] shape, int exclude) {
    int best = -1;
    for (int d = 0; d < shape.length; d++) {
      if (d != exclude && shape[d] > 1 && (best < 0 || shape[d] > shape[best])) {
        best = d;
      }
    }
    return best;
  }

  /** Slices of a dim of {@code size} per task so that each task reads {@link #REDUCE_GRAIN}. */
  private static int grain(int numel, int size) {
    long perSlice = Math.max(1, numel / size);
    return (int) Math.max(1, (REDUCE_GRAIN + perSlice - 1) / perSlice);
  }

  /** A raw view of {@code t} narrowed to {@code [start, end)} along {@code d} (no autograd). */
  private static Tensor slice(Tensor t, int d, int start, int end) {
    int[] shape = t.shape();
    shape[d] = end - start;
    int[] strides = t.strides();
    return Tensor.wrap(
        t.storage(), t.dtype(), shape, strides, t.storageOffset() + start * strides[d]);
  }

  private static void fillIdentity(ReduceKind kind, Tensor out) {
    Storage os = out.storage();
    DType ot = out.dtype();
    boolean floating = ot.isFloatingPoint();
    double id = kind.identity();
    long idLong = kind.identityLong();
    CpuBackend.loop(out)
        .run(
            (o, s, n) -> {
              for (int i = 0; i < n; i++) {
                if (floating) {
                  os.setDouble(o[0] + i * s[0], id, ot);
                } else {
                  os.setLong(o[0] + i * s[0], idLong, ot);
                }
              }
            });
  }

  /** A full floating reduction: chunk partials reduced in parallel, combined in chunk order. */
  private void reduceAll(ReduceKind kind, Tensor x, Tensor out) {
    StridedLoop loop =
        StridedLoop.of(x.shape(), new int[][] {x.strides()}, new int[] {x.storageOffset()});
    int n = loop.numel();
    int chunks = (n + CHUNK - 1) / CHUNK;
    double[] partials = new double[chunks];
    Parallel.parallelFor(
        chunks,
        REDUCE_GRAIN / CHUNK,
        (s, e) -> {
          for (int c = s; c < e; c++) {
            partials[c] = reduceRange(kind, x, loop, c * CHUNK, Math.min(n, (c + 1) * CHUNK));
          }
        });
    double r = kind.identity();
    for (double p : partials) {
      r = kind.combine(r, p);
    }
    out.storage().setDouble(out.storageOffset(), r, out.dtype());
  }

  /** Reduces the row-major elements {@code [start, end)} of {@code x}, from the identity. */
  private double reduceRange(ReduceKind kind, Tensor x, StridedLoop loop, int start, int end) {
    double[] acc = {kind.identity()};
    Storage xs = x.storage();
    if (x.dtype() == DType.FLOAT32) {
      float[] xa = (float[]) xs.array();
      loop.runRange(
          start, end, (o, s, n) -> acc[0] = kernels.reduceRun(kind, acc[0], xa, o[0], s[0], n));
    } else {
      DType t = x.dtype();
      loop.runRange(
          start,
          end,
          (o, s, n) -> {
            double r = acc[0];
            for (int i = 0; i < n; i++) {
              r = kind.combine(r, xs.getDouble(o[0] + i * s[0], t));
            }
            acc[0] = r;
          });
    }
    return acc[0];
  }

  /** Reduces {@code x} into {@code out} (already holding the identity) on one thread. */
  private void reduceSlice(ReduceKind kind, Tensor x, Tensor out) {
    Tensor target = out.expand(x.shape());
    StridedLoop loop = CpuBackend.loop(target, x);
    Storage xs = x.storage();
    Storage os = out.storage();
    DType xt = x.dtype();
    DType ot = out.dtype();
    if (xt == DType.FLOAT32 && ot == DType.FLOAT64) {
      float[] xa = (float[]) xs.array();
      double[] oa = (double[]) os.array();
      loop.run(
          (o, s, n) -> {
            if (s[0] == 0) {
              oa[o[0]] = kernels.reduceRun(kind, oa[o[0]], xa, o[1], s[1], n);
            } else {
              kernels.accumulate(kind, xa, o[1], s[1], oa, o[0], s[0], n);
            }
          });
    } else if (ot.isFloatingPoint()) {
      loop.run(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              int oi = o[0] + i * s[0];
              os.setDouble(
                  oi, kind.combine(os.getDouble(oi, ot), xs.getDouble(o[1] + i * s[1], xt)), ot);
            }
          });
    } else {
      loop.run(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              int oi = o[0] + i * s[0];
              os.setLong(
                  oi, kind.combineLong(os.getLong(oi, ot), xs.getLong(o[1] + i * s[1], xt)), ot);
            }
          });
    }
  }

  private static void argReduceSlice(
      boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
    int len = x.shape()[dim];
    int stride = x.strides()[dim];
    Storage xs = x.storage();
    Storage vs = values.storage();
    Storage is = indices.storage();
    DType t = x.dtype();
    boolean floating = t.isFloatingPoint();
    StridedLoop loop = CpuBackend.loop(values, indices, slice(x, dim, 0, 1));
    loop.run(
        (o, s, n) -> {
          for (int i = 0; i < n; i++) {
            int base = o[2] + i * s[2];
            int best = 0;
            if (floating) {
              double bv = xs.getDouble(base, t);
              for (int j = 1; j < len && !Double.isNaN(bv); j++) {
                double v = xs.getDouble(base + j * stride, t);
                if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
                  bv = v;
                  best = j;
                }
              }
              vs.setDouble(o[0] + i * s[0], bv, values.dtype());
            } else {
              long bv = xs.getLong(base, t);
              for (int j = 1; j < len; j++) {
                long v = xs.getLong(base + j * stride, t);
                if (max ? v > bv : v < bv) {
                  bv = v;
                  best = j;
                }
              }
              vs.setLong(o[0] + i * s[0], bv, values.dtype());
            }
            is.setLong(o[1] + i * s[1], best, DType.INT64);
          }
        });
  }

  private static void scanSlice(ReduceKind kind, Tensor x, int dim, Tensor out) {
    int len = x.shape()[dim];
    int xStride = x.strides()[dim];
    int oStride = out.strides()[dim];
    Storage xs = x.storage();
    Storage os = out.storage();
    DType t = x.dtype();
    DType ot = out.dtype();
    boolean floating = ot.isFloatingPoint();
    StridedLoop loop = CpuBackend.loop(slice(out, dim, 0, 1), slice(x, dim, 0, 1));
    loop.run(
        (o, s, n) -> {
          for (int i = 0; i < n; i++) {
            int ob = o[0] + i * s[0];
            int xb = o[1] + i * s[1];
            if (floating) {
              double acc = kind.identity();
              for (int j = 0; j < len; j++) {
                acc = kind.combine(acc, xs.getDouble(xb + j * xStride, t));
                os.setDouble(ob + j * oStride, acc, ot);
              }
            } else {
              long acc = (long) kind.identity();
              for (int j = 0; j < len; j++) {
                acc = kind.combineLong(acc, xs.getLong(xb + j * xStride, t));
                os.setLong(ob + j * oStride, acc, ot);
              }
            }
          }
        });
  }
}
