package dev.kiln.backend.cpu.vector;

import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.UnaryKind;
import dev.kiln.backend.cpu.ScalarCpuKernels;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 kernels on the Vector API: the only package that imports {@code jdk.incubator.vector}.
 * Contiguous runs of the hot kinds are vectorised (Lucene's loop shape: a vector body, then a
 * scalar tail); everything else falls through to {@link ScalarCpuKernels}. Loaded by name from
 * {@code CpuKernelsProvider}.
 */
public final class VectorCpuKernels extends ScalarCpuKernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  /** Creates the kernels; called reflectively by the provider. */
  public VectorCpuKernels() {}

  @Override
  public String name() {
    return "vector";
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
    VectorOperators.Unary op = vectorOp(kind);
    if (xStride != 1 || outStride != 1 || n < 2 * L || (op == null && kind != UnaryKind.RELU)) {
      super.unary(kind, x, xOff, xStride, out, outOff, outStride, n, p, q);
      return;
    }
    int i = 0;
    int bound = F.loopBound(n);
    if (kind == UnaryKind.RELU) {
      for (; i < bound; i += L) {
        FloatVector v = FloatVector.fromArray(F, x, xOff + i);
        v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(out, outOff + i);
      }
    } else {
      for (; i < bound; i += L) {
        FloatVector.fromArray(F, x, xOff + i).lanewise(op).intoArray(out, outOff + i);
      }
    }
    super.unary(kind, x, xOff + i, 1, out, outOff + i, 1, n - i, p, q);
  }

  private static VectorOperators.Unary vectorOp(UnaryKind kind) {
    return switch (kind) {
      case NEG -> VectorOperators.NEG;
      case ABS -> VectorOperators.ABS;
      case EXP -> VectorOperators.EXP;
      case LOG -> VectorOperators.LOG;
      case TANH -> VectorOperators.TANH;
      case SQRT -> VectorOperators.SQRT;
      default -> null;
    };
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
    VectorOperators.Binary op =
        switch (kind) {
          case ADD -> VectorOperators.ADD;
          case SUB -> VectorOperators.SUB;
          case MUL -> VectorOperators.MUL;
          case DIV -> VectorOperators.DIV;
          case MAXIMUM -> VectorOperators.MAX;
          case MINIMUM -> VectorOperators.MIN;
          default -> null;
        };
    boolean contiguous = aStride == 1 && outStride == 1 && (bStride == 1 || bStride == 0);
    if (op == null || !contiguous || n < 2 * L) {
      super.binary(kind, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride, n);
      return;
    }
    int i = 0;
    int bound = F.loopBound(n);
    if (bStride == 0) {
      FloatVector bv = FloatVector.broadcast(F, b[bOff]);
      for (; i < bound; i += L) {
        FloatVector.fromArray(F, a, aOff + i).lanewise(op, bv).intoArray(out, outOff + i);
      }
    } else {
      for (; i < bound; i += L) {
        FloatVector.fromArray(F, a, aOff + i)
            .lanewise(op, FloatVector.fromArray(F, b, bOff + i))
            .intoArray(out, outOff + i);
      }
    }
    super.binary(kind, a, aOff + i, 1, b, bOff + i * bStride, bStride, out, outOff + i, 1, n - i);
  }

  @Override
  public double reduceRun(ReduceKind kind, double acc, float[] x, int off, int stride, int n) {
    if (kind != ReduceKind.SUM || stride != 1 || n < 4 * L) {
      return super.reduceRun(kind, acc, x, off, stride, n);
    }
    // four independent accumulators hide the add latency; the fixed order keeps it deterministic
    FloatVector s0 = FloatVector.zero(F);
    FloatVector s1 = FloatVector.zero(F);
    FloatVector s2 = FloatVector.zero(F);
    FloatVector s3 = FloatVector.zero(F);
    int i = 0;
    int bound = n - n % (4 * L);
    for (; i < bound; i += 4 * L) {
      s0 = s0.add(FloatVector.fromArray(F, x, off + i));
      s1 = s1.add(FloatVector.fromArray(F, x, off + i + L));
      s2 = s2.add(FloatVector.fromArray(F, x, off + i + 2 * L));
      s3 = s3.add(FloatVector.fromArray(F, x, off + i + 3 * L));
    }
    double r = acc + s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
    return super.reduceRun(kind, r, x, off + i, 1, n - i);
  }

  @Override
  public void gemm(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    int bound = F.loopBound(n);
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * n;
      Arrays.fill(c, ci, ci + n, 0f);
      for (int p = 0; p < k; p++) {
        float av = a[aOff + i * k + p];
        FloatVector avv = FloatVector.broadcast(F, av);
        int bp = bOff + p * n;
        int j = 0;
        for (; j < bound; j += L) {
          FloatVector cv = FloatVector.fromArray(F, c, ci + j);
          avv.fma(FloatVector.fromArray(F, b, bp + j), cv).intoArray(c, ci + j);
        }
        for (; j < n; j++) {
          c[ci + j] += av * b[bp + j];
        }
      }
    }
  }
}
