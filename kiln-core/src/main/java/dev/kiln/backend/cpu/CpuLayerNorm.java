package dev.kiln.backend.cpu;

import dev.kiln.backend.Parallel;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * Layer-norm rows behind {@link CpuBackend}: contiguous {@code [rows, n]} operands, rows split
 * across the intra-op pool (each row whole in one task, so results do not depend on the thread
 * count). float32 rows go to the {@link CpuKernels}; float64 rows take a double loop.
 */
final class CpuLayerNorm {
  private final CpuKernels kernels;

  CpuLayerNorm(CpuKernels kernels) {
    this.kernels = kernels;
  }

  /** {@link dev.kiln.backend.Backend#layerNorm}. */
  void forward(
      Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd) {
    int rows = mean.numel();
    int n = rows == 0 ? 0 : x.numel() / rows;
    int xo = x.storageOffset();
    int oo = out.storageOffset();
    if (x.dtype() == DType.FLOAT32) {
      float[] xa = (float[]) x.storage().array();
      float[] oa = (float[]) out.storage().array();
      float[] w = weight == null ? null : floats(weight);
      float[] b = bias == null ? null : floats(bias);
      float[] ma = (float[]) mean.storage().array();
      float[] ra = (float[]) rstd.storage().array();
      int mo = mean.storageOffset();
      int ro = rstd.storageOffset();
      forEachRow(
          rows,
          n,
          r ->
              kernels.layerNorm(
                  xa, xo + r * n, n, w, b, eps, oa, oo + r * n, ma, mo + r, ra, ro + r));
      return;
    }
    Storage xs = x.storage();
    Storage os = out.storage();
    DType t = x.dtype();
    forEachRow(
        rows,
        n,
        r -> {
          int base = xo + r * n;
          double sum = 0;
          for (int i = 0; i < n; i++) {
            sum += xs.getDouble(base + i, t);
          }
          double m = sum / n;
          double sq = 0;
          for (int i = 0; i < n; i++) {
            double d = xs.getDouble(base + i, t) - m;
            sq += d * d;
          }
          double rs = 1 / Math.sqrt(sq / n + eps);
          mean.storage().setDouble(mean.storageOffset() + r, m, t);
          rstd.storage().setDouble(rstd.storageOffset() + r, rs, t);
          for (int i = 0; i < n; i++) {
            double y = (xs.getDouble(base + i, t) - m) * rs;
            if (weight != null) {
              y = y * at(weight, i) + at(bias, i);
            }
            os.setDouble(oo + r * n + i, y, t);
          }
        });
  }

  /** {@link dev.kiln.backend.Backend#layerNormBackward}. */
  void backward(Tensor g, Tensor x, Tensor weight, Tensor mean, Tensor rstd, Tensor gx) {
    int rows = mean.numel();
    int n = rows == 0 ? 0 : x.numel() / rows;
    int go = g.storageOffset();
    int xo = x.storageOffset();
    int gxo = gx.storageOffset();
    if (x.dtype() == DType.FLOAT32) {
      float[] ga = (float[]) g.storage().array();
      float[] xa = (float[]) x.storage().array();
      float[] gxa = (float[]) gx.storage().array();
      float[] w = weight == null ? null : floats(weight);
      float[] ma = floats(mean);
      float[] ra = floats(rstd);
      forEachRow(
          rows,
          n,
          r ->
              kernels.layerNormBackward(
                  ga, go + r * n, xa, xo + r * n, n, w, ma[r], ra[r], gxa, gxo + r * n));
      return;
    }
    DType t = x.dtype();
    forEachRow(
        rows,
        n,
        r -> {
          double m = at(mean, r);
          double rs = at(rstd, r);
          double a = 0;
          double b = 0;
          for (int i = 0; i < n; i++) {
            double gw =
                g.storage().getDouble(go + r * n + i, t) * (weight == null ? 1 : at(weight, i));
            a += gw;
            b += gw * (x.storage().getDouble(xo + r * n + i, t) - m) * rs;
          }
          a /= n;
          b /= n;
          for (int i = 0; i < n; i++) {
            double gw =
                g.storage().getDouble(go + r * n + i, t) * (weight == null ? 1 : at(weight, i));
            double xhat = (x.storage().getDouble(xo + r * n + i, t) - m) * rs;
            gx.storage().setDouble(gxo + r * n + i, rs * (gw - a - xhat * b), t);
          }
        });
  }

  /** Element {@code i} of a contiguous tensor, as double. */
  private static double at(Tensor t, int i) {
    return t.storage().getDouble(t.storageOffset() + i, t.dtype());
  }

  /**
   * The elements of a contiguous float32 input from its first element: the array itself when the
   * tensor starts at offset 0 (the op layer's case), otherwise a copy.
   */
  private static float[] floats(Tensor t) {
    float[] a = (float[]) t.storage().array();
    int off = t.storageOffset();
    return off == 0 ? a : java.util.Arrays.copyOfRange(a, off, off + t.numel());
  }

  private static void forEachRow(int rows, int n, java.util.function.IntConsumer body) {
    Parallel.parallelFor(
        rows,
        Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, n)),
        (s, e) -> {
          for (int r = s; r < e; r++) {
            body.accept(r);
          }
        });
  }
}
