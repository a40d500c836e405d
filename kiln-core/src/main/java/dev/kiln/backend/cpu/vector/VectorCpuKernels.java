package dev.kiln.backend.cpu.vector;

import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.UnaryKind;
import dev.kiln.backend.cpu.ScalarCpuKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 kernels on the Vector API: the only package that imports {@code jdk.incubator.vector}.
 * Contiguous runs of the hot kinds are vectorised (Lucene's loop shape: a vector body, then a
 * scalar tail, and only above two vector lengths); everything else falls through to {@link
 * ScalarCpuKernels}. Loaded by name from {@code CpuKernelsProvider}.
 *
 * <p>Accuracy against the scalar reference: arithmetic, relu, neg, abs, sqrt, max and min are
 * bit-identical; exp, log, tanh and sigmoid use the JDK's vector math (about 1 ulp); SUM reorders
 * the additions (float lanes inside blocks of {@value #SUM_BLOCK} elements, blocks combined in
 * double, in a fixed order so results are deterministic); gemm uses FMA and a blocked order.
 */
public final class VectorCpuKernels extends ScalarCpuKernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  /** Floats converted per double vector: the float species with as many lanes as {@link #D}. */
  private static final VectorSpecies<Float> FD =
      VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

  /** Elements summed in float lanes before the partial sums move to the double accumulator. */
  private static final int SUM_BLOCK = 2048;

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
    if (xStride != 1 || outStride != 1 || n < 2 * L || !vectorised(kind)) {
      super.unary(kind, x, xOff, xStride, out, outOff, outStride, n, p, q);
      return;
    }
    int bound = F.loopBound(n);
    int i = 0;
    switch (kind) {
      case RELU -> {
        for (; i < bound; i += L) {
          FloatVector v = FloatVector.fromArray(F, x, xOff + i);
          v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(out, outOff + i);
        }
      }
      case SIGMOID -> {
        for (; i < bound; i += L) {
          FloatVector e = FloatVector.fromArray(F, x, xOff + i).neg().lanewise(VectorOperators.EXP);
          FloatVector.broadcast(F, 1f).div(e.add(1f)).intoArray(out, outOff + i);
        }
      }
      default -> {
        VectorOperators.Unary op = vectorOp(kind);
        for (; i < bound; i += L) {
          FloatVector.fromArray(F, x, xOff + i).lanewise(op).intoArray(out, outOff + i);
        }
      }
    }
    super.unary(kind, x, xOff + i, 1, out, outOff + i, 1, n - i, p, q);
  }

  private static boolean vectorised(UnaryKind kind) {
    return kind == UnaryKind.RELU || kind == UnaryKind.SIGMOID || vectorOp(kind) != null;
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
    boolean aOk = aStride == 1 || aStride == 0;
    boolean bOk = bStride == 1 || bStride == 0;
    if (op == null || outStride != 1 || !aOk || !bOk || aStride + bStride == 0 || n < 2 * L) {
      super.binary(kind, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride, n);
      return;
    }
    int bound = F.loopBound(n);
    int i = 0;
    if (bStride == 0) {
      FloatVector bv = FloatVector.broadcast(F, b[bOff]);
      for (; i < bound; i += L) {
        FloatVector.fromArray(F, a, aOff + i).lanewise(op, bv).intoArray(out, outOff + i);
      }
    } else if (aStride == 0) {
      FloatVector av = FloatVector.broadcast(F, a[aOff]);
      for (; i < bound; i += L) {
        av.lanewise(op, FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
      }
    } else {
      for (; i < bound; i += L) {
        FloatVector.fromArray(F, a, aOff + i)
            .lanewise(op, FloatVector.fromArray(F, b, bOff + i))
            .intoArray(out, outOff + i);
      }
    }
    super.binary(
        kind,
        a,
        aOff + i * aStride,
        aStride,
        b,
        bOff + i * bStride,
        bStride,
        out,
        outOff + i,
        1,
        n - i);
  }

  @Override
  public double reduceRun(ReduceKind kind, double acc, float[] x, int off, int stride, int n) {
    if (stride != 1 || n < 4 * L) {
      return super.reduceRun(kind, acc, x, off, stride, n);
    }
    return switch (kind) {
      case SUM -> sum(acc, x, off, n);
      case MAX -> extreme(VectorOperators.MAX, kind, acc, x, off, n);
      case MIN -> extreme(VectorOperators.MIN, kind, acc, x, off, n);
      default -> super.reduceRun(kind, acc, x, off, 1, n);
    };
  }

  /**
   * Blocks of {@link #SUM_BLOCK} elements are summed in four independent float accumulators (they
   * hide the add latency); each block's lanes are then added to the double total in lane order.
   */
  private double sum(double acc, float[] x, int off, int n) {
    float[] lanes = new float[L];
    double r = acc;
    int i = 0;
    while (n - i >= 4 * L) {
      int blockEnd = i + Math.min(SUM_BLOCK, (n - i) - (n - i) % (4 * L));
      FloatVector s0 = FloatVector.zero(F);
      FloatVector s1 = FloatVector.zero(F);
      FloatVector s2 = FloatVector.zero(F);
      FloatVector s3 = FloatVector.zero(F);
      for (; i < blockEnd; i += 4 * L) {
        s0 = s0.add(FloatVector.fromArray(F, x, off + i));
        s1 = s1.add(FloatVector.fromArray(F, x, off + i + L));
        s2 = s2.add(FloatVector.fromArray(F, x, off + i + 2 * L));
        s3 = s3.add(FloatVector.fromArray(F, x, off + i + 3 * L));
      }
      s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
      for (float v : lanes) {
        r += v;
      }
    }
    return super.reduceRun(ReduceKind.SUM, r, x, off + i, 1, n - i);
  }

  /** MAX or MIN with four independent accumulators; NaN propagates as in {@link Math#max}. */
  private double extreme(
      VectorOperators.Binary op, ReduceKind kind, double acc, float[] x, int off, int n) {
    FloatVector m0 = FloatVector.fromArray(F, x, off);
    FloatVector m1 = FloatVector.fromArray(F, x, off + L);
    FloatVector m2 = FloatVector.fromArray(F, x, off + 2 * L);
    FloatVector m3 = FloatVector.fromArray(F, x, off + 3 * L);
    int bound = n - n % (4 * L);
    int i = 4 * L;
    for (; i < bound; i += 4 * L) {
      m0 = m0.lanewise(op, FloatVector.fromArray(F, x, off + i));
      m1 = m1.lanewise(op, FloatVector.fromArray(F, x, off + i + L));
      m2 = m2.lanewise(op, FloatVector.fromArray(F, x, off + i + 2 * L));
      m3 = m3.lanewise(op, FloatVector.fromArray(F, x, off + i + 3 * L));
    }
    float[] lanes = new float[L];
    m0.lanewise(op, m1).lanewise(op, m2.lanewise(op, m3)).intoArray(lanes, 0);
    double r = acc;
    for (float v : lanes) {
      r = kind.combine(r, v);
    }
    return super.reduceRun(kind, r, x, off + i, 1, n - i);
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
    VectorOperators.Binary op =
        switch (kind) {
          case SUM -> VectorOperators.ADD;
          case PROD -> VectorOperators.MUL;
          case MAX -> VectorOperators.MAX;
          case MIN -> VectorOperators.MIN;
          default -> null;
        };
    int dl = D.length();
    if (op == null || xStride != 1 || outStride != 1 || n < 2 * dl) {
      super.accumulate(kind, x, xOff, xStride, out, outOff, outStride, n);
      return;
    }
    int bound = D.loopBound(n);
    int i = 0;
    for (; i < bound; i += dl) {
      DoubleVector xv =
          (DoubleVector)
              FloatVector.fromArray(FD, x, xOff + i).convertShape(VectorOperators.F2D, D, 0);
      DoubleVector.fromArray(D, out, outOff + i).lanewise(op, xv).intoArray(out, outOff + i);
    }
    super.accumulate(kind, x, xOff + i, 1, out, outOff + i, 1, n - i);
  }

  @Override
  public void gemm(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    VectorGemm.gemm(a, aOff, b, bOff, c, cOff, m, n, k);
  }
}
