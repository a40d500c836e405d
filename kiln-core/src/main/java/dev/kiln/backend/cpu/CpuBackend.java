package dev.kiln.backend.cpu;

import dev.kiln.backend.Backend;
import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.StridedLoop;
import dev.kiln.backend.TernaryKind;
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
  private final CpuReductions reductions;
  private final CpuSoftmax softmaxRows;
  private final CpuLayerNorm layerNormRows;

  /** A backend over the given float32 kernels. */
  public CpuBackend(CpuKernels kernels) {
    this.kernels = kernels;
    this.reductions = new CpuReductions(kernels);
    this.softmaxRows = new CpuSoftmax(kernels);
    this.layerNormRows = new CpuLayerNorm(kernels);
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
    } else if (t == DType.FLOAT32 && ot == DType.BOOL && kind.isPredicate()) {
      float[] aa = (float[]) as.array();
      float[] ba = (float[]) bs.array();
      byte[] oa = (byte[]) os.array();
      loop.runParallel(
          (o, s, n) -> kernels.compare(kind, aa, o[1], s[1], ba, o[2], s[2], oa, o[0], s[0], n));
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
  public void ternary(
      TernaryKind kind, Tensor input, Tensor t1, Tensor t2, double value, Tensor out) {
    StridedLoop loop = loop(out, input, t1, t2);
    Storage xs = input.storage();
    Storage as = t1.storage();
    Storage bs = t2.storage();
    Storage os = out.storage();
    DType t = out.dtype();
    if (t == DType.FLOAT32) {
      float[] xa = (float[]) xs.array();
      float[] aa = (float[]) as.array();
      float[] ba = (float[]) bs.array();
      float[] oa = (float[]) os.array();
      float v = (float) value;
      loop.runParallel(
          (o, s, n) ->
              kernels.ternary(
                  kind, xa, o[1], s[1], aa, o[2], s[2], ba, o[3], s[3], oa, o[0], s[0], n, v));
    } else if (t.isFloatingPoint()) {
      loop.runParallel(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              double r =
                  kind.apply(
                      xs.getDouble(o[1] + i * s[1], t),
                      as.getDouble(o[2] + i * s[2], t),
                      bs.getDouble(o[3] + i * s[3], t),
                      value);
              os.setDouble(o[0] + i * s[0], r, t);
            }
          });
    } else {
      long v = (long) value;
      loop.runParallel(
          (o, s, n) -> {
            for (int i = 0; i < n; i++) {
              long r =
                  kind.applyLong(
                      xs.getLong(o[1] + i * s[1], t),
                      as.getLong(o[2] + i * s[2], t),
                      bs.getLong(o[3] + i * s[3], t),
                      v);
              os.setLong(o[0] + i * s[0], r, t);
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
    reductions.reduce(kind, x, out);
  }

  @Override
  public void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
    reductions.argReduce(max, x, dim, values, indices);
  }

  @Override
  public void scan(ReduceKind kind, Tensor x, int dim, Tensor out) {
    reductions.scan(kind, x, dim, out);
  }

  @Override
  public void softmax(Tensor x, int dim, boolean log, Tensor out) {
    softmaxRows.softmax(x, dim, log, out);
  }

  @Override
  public void softmaxBackward(Tensor g, Tensor y, int dim, boolean log, Tensor out) {
    softmaxRows.softmaxBackward(g, y, dim, log, out);
  }

  @Override
  public void layerNorm(
      Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd) {
    layerNormRows.forward(x, weight, bias, eps, out, mean, rstd);
  }

  @Override
  public void layerNormBackward(
      Tensor g, Tensor x, Tensor weight, Tensor mean, Tensor rstd, Tensor gx) {
    layerNormRows.backward(g, x, weight, mean, rstd, gx);
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
    } else if (st == DType.BOOL && dt == DType.FLOAT32) {
      byte[] sa = (byte[]) ss.array();
      float[] da = (float[]) ds.array();
      // branch-free 0/1, a unit-stride loop C2 vectorises: a data-dependent branch mispredicted on
      // masks such as relu's (65,536 elements: 0.4-0.7 ms before, ~0.03-0.1 ms after; busy machine)
      loop.runParallel(
          (o, s, n) -> {
            if (s[0] == 1 && s[1] == 1) {
              int d = o[0];
              int b = o[1];
              for (int i = 0; i < n; i++) {
                int v = sa[b + i] & 0xFF;
                da[d + i] = (v | -v) >>> 31;
              }
            } else {
              for (int i = 0; i < n; i++) {
                int v = sa[o[1] + i * s[1]] & 0xFF;
                da[o[0] + i * s[0]] = (v | -v) >>> 31;
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
