package dev.kiln.backend.cpu;

import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.ReduceKind;
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
      default -> {
        for (int i = 0; i < n; i++) {
          out[outOff + i * outStride] =
              (float) kind.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
        }
      }
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
