package dev.kiln.backend.cpu;

import dev.kiln.backend.Backend;
import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.StridedLoop;
import dev.kiln.backend.UnaryKind;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The CPU backend: contiguous or strided float32 goes to the chosen {@link CpuKernels}; every other
 * dtype takes a general loop that reads and writes through {@link Storage}'s typed accessors
 * (double for floating types, long for integers and bool). All index arithmetic comes from {@link
 * StridedLoop}.
 */
public final class CpuBackend implements Backend {
  private final CpuKernels kernels;

  /** A backend over the given float32 kernels. */
  public CpuBackend(CpuKernels kernels) {
    this.kernels = kernels;
  }

  /** The float32 kernels in use. */
  public CpuKernels kernels() {
    return kernels;
  }

  static StridedLoop loop(Tensor out, Tensor... ins) {
    int[] shape = out.shape();
    int[][] strides = new int[ins.length + 1][];
    int[] offsets = new int[ins.length + 1];
    strides[0] = out.strides();
    offsets[0] = out.storageOffset();
    for (int i = 0; i < ins.length; i++) {
      strides[i + 1] = Shapes.broadcastStrides(ins[i].shape(), ins[i].strides(), shape);
      offsets[i + 1] = ins[i].storageOffset();
    }
    return StridedLoop.of(shape, strides, offsets);
  }

  @Override
  public void unary(UnaryKind kind, Tensor x, Tensor out, double p, double q) {
    StridedLoop loop = loop(out, x);
    Storage xs = x.storage();
    Storage os = out.storage();
    if (x.dtype() == DType.FLOAT32) {
      float[] xa = (float[]) xs.array();
      float[] oa = (float[]) os.array();
      loop.runParallel((o, s, n) -> kernels.unary(kind, xa, o[1], s[1], oa, o[0], s[0], n, p, q));
    } else if (x.dtype().isFloatingPoint()) {
      DType t = x.dtype();
      loop.runParallel(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              os.setDouble(o[0] + i * s[0], kind.apply(xs.getDouble(o[1] + i * s[1], t), p, q), t);
            }
          });
    } else {
      DType t = x.dtype();
      loop.runParallel(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              os.setLong(o[0] + i * s[0], kind.applyLong(xs.getLong(o[1] + i * s[1], t), p, q), t);
            }
          });
    }
  }

  @Override
  public void binary(BinaryKind kind, Tensor a, Tensor b, Tensor out) {
    StridedLoop loop = loop(out, a, b);
    Storage as = a.storage();
    Storage bs = b.storage();
    Storage os = out.storage();
    DType t = a.dtype();
    DType ot = out.dtype();
    if (t == DType.FLOAT32 && ot == DType.FLOAT32) {
      float[] aa = (float[]) as.array();
      float[] ba = (float[]) bs.array();
      float[] oa = (float[]) os.array();
      loop.runParallel(
          (o, s, n) -> kernels.binary(kind, aa, o[1], s[1], ba, o[2], s[2], oa, o[0], s[0], n));
    } else if (t.isFloatingPoint()) {
      loop.runParallel(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              double v =
                  kind.apply(as.getDouble(o[1] + i * s[1], t), bs.getDouble(o[2] + i * s[2], t));
              os.setDouble(o[0] + i * s[0], v, ot);
            }
          });
    } else {
      loop.runParallel(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              long v =
                  kind.applyLong(as.getLong(o[1] + i * s[1], t), bs.getLong(o[2] + i * s[2], t));
              os.setLong(o[0] + i * s[0], v, ot);
            }
          });
    }
  }

  @Override
  public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
    StridedLoop loop = loop(out, cond, a, b);
    Storage cs = cond.storage();
    Storage as = a.storage();
    Storage bs = b.storage();
    Storage os = out.storage();
    DType t = out.dtype();
    boolean floating = t.isFloatingPoint();
    loop.runParallel(
        (o, s, n) -> {
          for (int i = 0; i < n; i++) {
            boolean c = cs.getLong(o[1] + i * s[1], DType.BOOL) != 0;
            int src = c ? o[2] + i * s[2] : o[3] + i * s[3];
            Storage from = c ? as : bs;
            if (floating) {
              os.setDouble(o[0] + i * s[0], from.getDouble(src, t), t);
            } else {
              os.setLong(o[0] + i * s[0], from.getLong(src, t), t);
            }
          }
        });
  }

  @Override
  public void reduce(ReduceKind kind, Tensor x, Tensor out) {
    if (out.dtype().isFloatingPoint()) {
      fill(out, kind.identity());
    } else {
      Storage os0 = out.storage();
      long id = kind.identityLong();
      loop(out)
          .run(
              (o, s, n) -> {
                for (int i = 0; i < n; i++) {
                  os0.setLong(o[0] + i * s[0], id, out.dtype());
                }
              });
    }
    if (x.numel() == 0) {
      return;
    }
    Tensor target = out.expand(x.shape());
    StridedLoop loop = loop(target, x);
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

  @Override
  public void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
    int len = x.shape()[dim];
    int stride = x.strides()[dim];
    Storage xs = x.storage();
    Storage vs = values.storage();
    Storage is = indices.storage();
    DType t = x.dtype();
    boolean floating = t.isFloatingPoint();
    StridedLoop loop = loop(values, indices, x.narrow(dim, 0, 1));
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

  @Override
  public void scan(ReduceKind kind, Tensor x, int dim, Tensor out) {
    int len = x.shape()[dim];
    if (len == 0 || x.numel() == 0) {
      return;
    }
    int xStride = x.strides()[dim];
    int oStride = out.strides()[dim];
    Storage xs = x.storage();
    Storage os = out.storage();
    DType t = x.dtype();
    DType ot = out.dtype();
    boolean floating = ot.isFloatingPoint();
    StridedLoop loop = loop(out.narrow(dim, 0, 1), x.narrow(dim, 0, 1));
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

  @Override
  public void copy(Tensor src, Tensor dst) {
    StridedLoop loop = loop(dst, src);
    Storage ss = src.storage();
    Storage ds = dst.storage();
    DType st = src.dtype();
    DType dt = dst.dtype();
    if (st == dt && st == DType.FLOAT32) {
      float[] sa = (float[]) ss.array();
      float[] da = (float[]) ds.array();
      loop.runParallel(
          (o, s, n) -> {
            if (s[0] == 1 && s[1] == 1) {
              System.arraycopy(sa, o[1], da, o[0], n);
            } else {
              for (int i = 0; i < n; i++) {
                da[o[0] + i * s[0]] = sa[o[1] + i * s[1]];
              }
            }
          });
    } else if (st.isFloatingPoint()) {
      loop.runParallel(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              ds.setDouble(o[0] + i * s[0], ss.getDouble(o[1] + i * s[1], st), dt);
            }
          });
    } else {
      loop.runParallel(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              ds.setLong(o[0] + i * s[0], ss.getLong(o[1] + i * s[1], st), dt);
            }
          });
    }
  }

  @Override
  public void fill(Tensor dst, double value) {
    Storage ds = dst.storage();
    DType dt = dst.dtype();
    if (dt == DType.FLOAT32) {
      float[] da = (float[]) ds.array();
      float v = (float) value;
      loop(dst)
          .runParallel(
              (o, s, n) -> {
                if (s[0] == 1) {
                  Arrays.fill(da, o[0], o[0] + n, v);
                } else {
                  for (int i = 0; i < n; i++) {
                    da[o[0] + i * s[0]] = v;
                  }
                }
              });
      return;
    }
    boolean asLong = !dt.isFloatingPoint() && !Double.isNaN(value) && !Double.isInfinite(value);
    loop(dst)
        .runParallel(
            (o, s, n) -> {
              for (int i = 0; i < n; i++) {
                if (asLong) {
                  ds.setLong(o[0] + i * s[0], (long) value, dt);
                } else {
                  ds.setDouble(o[0] + i * s[0], value, dt);
                }
              }
            });
  }

  /**
   * {@inheritDoc}
   *
   * <p>float32 and float64 run on OpenBLAS when it is loaded, float32 otherwise on the Java GEMM of
   * the chosen kernels (see {@link CpuMatmul}).
   */
  @Override
  public void matmul(Tensor a, Tensor b, Tensor out) {
    CpuMatmul.run(kernels, true, a, b, out);
  }
}
