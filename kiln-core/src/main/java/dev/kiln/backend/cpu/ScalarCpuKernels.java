package dev.kiln.backend.cpu;

import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.TernaryKind;
import dev.kiln.backend.UnaryKind;
import java.util.Arrays;

/**
 * Plain-Java float32 kernels: always present, the reference every faster path is tested against.
 * Each value is computed in double and rounded once to float.
 */
public class ScalarCpuKernels implements CpuKernels {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void unary(
      UnaryKind kind,
      float[] x,
      int xOff,
      int xStride,
      float[] out,
      int outOff,
      int outStride,
      int n,
      double p,
      double q) {
    for (int i = 0; i < n; i++) {
      out[outOff + i * outStride] = (float) kind.apply(x[xOff + i * xStride], p, q);
    }
  }

  @Override
  public void binary(
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
      int n) {
    switch (kind) {
      case ADD -> {
        for (int i = 0; i < n; i++) {
          out[outOff + i * outStride] = a[aOff + i * aStride] + b[bOff + i * bStride];
        }
      }
      case SUB -> {
        for (int i = 0; i < n; i++) {
          out[outOff + i * outStride] = a[aOff + i * aStride] - b[bOff + i * bStride];
        }
      }
      case MUL -> {
        for (int i = 0; i < n; i++) {
          out[outOff + i * outStride] = a[aOff + i * aStride] * b[bOff + i * bStride];
        }
      }
      case DIV -> {
        for (int i = 0; i < n; i++) {
          out[outOff + i * outStride] = a[aOff + i * aStride] / b[bOff + i * bStride];
        }
      }
      case RELU_BACKWARD -> {
        for (int i = 0; i < n; i++) {
          out[outOff + i * outStride] = b[bOff + i * bStride] <= 0 ? 0f : a[aOff + i * aStride];
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          out[outOff + i * outStride] =
              (float) kind.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
        }
      }
    }
  }

  /** Each comparison kind has its own loop (C2 compiles a loop with a constant test best). */
  @Override
  public void compare(
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
      int n) {
    switch (kind) {
      case GT -> {
        for (int i = 0; i < n; i++) {
          out[outOff + i * outStride] =
              (byte) (a[aOff + i * aStride] > b[bOff + i * bStride] ? 1 : 0);
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          out[outOff + i * outStride] =
              (byte) (a[aOff + i * aStride] < b[bOff + i * bStride] ? 1 : 0);
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          double r = kind.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
          out[outOff + i * outStride] = (byte) (r != 0 ? 1 : 0);
        }
      }
    }
  }

  /** Evaluated in float, in PyTorch's order (see {@link TernaryKind}), not via double. */
  @Override
  public void ternary(
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
      float value) {
    for (int i = 0; i < n; i++) {
      out[outOff + i * outStride] =
          kind.apply(x[xOff + i * xStride], a[aOff + i * aStride], b[bOff + i * bStride], value);
    }
  }

  @Override
  public void softmax(
      float[] x,
      int xOff,
      int xStride,
      float[] out,
      int outOff,
      int outStride,
      int n,
      boolean log) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = ReduceKind.MAX.combine(max, x[xOff + i * xStride]);
    }
    // as PyTorch: an infinite max makes x - max NaN somewhere, and the row NaN where it does
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(x[xOff + i * xStride] - max);
    }
    double logSum = Math.log(sum);
    for (int i = 0; i < n; i++) {
      double s = x[xOff + i * xStride] - max;
      out[outOff + i * outStride] = (float) (log ? s - logSum : Math.exp(s) / sum);
    }
  }

  @Override
  public void softmaxBackward(
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
      boolean log) {
    double dot = 0;
    for (int i = 0; i < n; i++) {
      double gi = g[gOff + i * gStride];
      dot += log ? gi : gi * y[yOff + i * yStride];
    }
    for (int i = 0; i < n; i++) {
      double gi = g[gOff + i * gStride];
      double yi = y[yOff + i * yStride];
      out[outOff + i * outStride] = (float) (log ? gi - Math.exp(yi) * dot : yi * (gi - dot));
    }
  }

  @Override
  public void layerNorm(
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
      int rstdAt) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += x[xOff + i];
    }
    float m = (float) (sum / n);
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double d = x[xOff + i] - m;
      sq += d * d;
    }
    float r = (float) (1 / Math.sqrt(sq / n + eps));
    mean[meanAt] = m;
    rstd[rstdAt] = r;
    for (int i = 0; i < n; i++) {
      double y = (double) (x[xOff + i] - m) * r;
      out[outOff + i] = (float) (weight == null ? y : y * weight[i] + bias[i]);
    }
  }

  @Override
  public void layerNormBackward(
      float[] g,
      int gOff,
      float[] x,
      int xOff,
      int n,
      float[] weight,
      float mean,
      float rstd,
      float[] gx,
      int gxOff) {
    double a = 0;
    double b = 0;
    for (int i = 0; i < n; i++) {
      double gw = weight == null ? g[gOff + i] : (double) g[gOff + i] * weight[i];
      a += gw;
      b += gw * ((double) (x[xOff + i] - mean) * rstd);
    }
    a /= n;
    b /= n;
    for (int i = 0; i < n; i++) {
      double gw = weight == null ? g[gOff + i] : (double) g[gOff + i] * weight[i];
      double xhat = (double) (x[xOff + i] - mean) * rstd;
      gx[gxOff + i] = (float) (rstd * (gw - a - xhat * b));
    }
  }

  @Override
  public double reduceRun(ReduceKind kind, double acc, float[] x, int off, int stride, int n) {
    double r = acc;
    if (kind == ReduceKind.SUM) {
      for (int i = 0; i < n; i++) {
        r += x[off + i * stride];
      }
      return r;
    }
    for (int i = 0; i < n; i++) {
      r = kind.combine(r, x[off + i * stride]);
    }
    return r;
  }

  @Override
  public void accumulate(
      ReduceKind kind,
      float[] x,
      int xOff,
      int xStride,
      double[] out,
      int outOff,
      int outStride,
      int n) {
    for (int i = 0; i < n; i++) {
      int o = outOff + i * outStride;
      out[o] = kind.combine(out[o], x[xOff + i * xStride]);
    }
  }

  @Override
  public void gemm(
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
      int k) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      Arrays.fill(c, ci, ci + n, 0f);
      for (int p = 0; p < k; p++) {
        float av = a[aOff + i * aRowStride + p * aColStride];
        int bp = bOff + p * bRowStride;
        for (int j = 0; j < n; j++) {
          c[ci + j] += av * b[bp + j * bColStride];
        }
      }
    }
  }
}
