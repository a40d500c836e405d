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
 * <p>Each operator has its own small loop method and a switch outside the loops picks one: the
 * Vector API compiles to vector instructions only where the operator is a constant, and a switch
 * inside one shared loop (or an operator passed as a value) made C2 box the vectors, measured 5 to
 * 15 times slower than these loops.
 *
 * <p>Accuracy against the scalar reference: arithmetic, relu, neg, abs, sqrt, max and min are
 * bit-identical; exp, log, tanh and sigmoid use the JDK's vector math (about 1 ulp); SUM reorders
 * the additions (float lanes inside blocks of {@value #SUM_BLOCK} elements, blocks combined in
 * double, in a fixed order so results are deterministic); gemm uses FMA and a blocked order.
 */
public final class VectorCpuKernels extends ScalarCpuKernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();
  private static final FloatVector ONE = FloatVector.broadcast(F, 1f);
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
    int i = F.loopBound(n);
    switch (kind) {
      case RELU -> relu(x, xOff, out, outOff, i);
      case SIGMOID -> sigmoid(x, xOff, out, outOff, i);
      case NEG -> neg(x, xOff, out, outOff, i);
      case ABS -> abs(x, xOff, out, outOff, i);
      case EXP -> exp(x, xOff, out, outOff, i);
      case LOG -> log(x, xOff, out, outOff, i);
      case TANH -> tanh(x, xOff, out, outOff, i);
      case SQRT -> sqrt(x, xOff, out, outOff, i);
      default -> throw new AssertionError(kind);
    }
    super.unary(kind, x, xOff + i, 1, out, outOff + i, 1, n - i, p, q);
  }

  private static void relu(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, xOff + i);
      v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(out, outOff + i);
    }
  }

  private static void sigmoid(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector e = FloatVector.fromArray(F, x, xOff + i).neg().lanewise(VectorOperators.EXP);
      ONE.div(e.add(1f)).intoArray(out, outOff + i);
    }
  }

  private static void neg(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i).neg().intoArray(out, outOff + i);
    }
  }

  private static void abs(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i).abs().intoArray(out, outOff + i);
    }
  }

  private static void exp(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i)
          .lanewise(VectorOperators.EXP)
          .intoArray(out, outOff + i);
    }
  }

  private static void log(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i)
          .lanewise(VectorOperators.LOG)
          .intoArray(out, outOff + i);
    }
  }

  private static void tanh(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i)
          .lanewise(VectorOperators.TANH)
          .intoArray(out, outOff + i);
    }
  }

  private static void sqrt(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i).sqrt().intoArray(out, outOff + i);
    }
  }

  private static boolean vectorised(UnaryKind kind) {
    return switch (kind) {
      case RELU, SIGMOID, NEG, ABS, EXP, LOG, TANH, SQRT -> true;
      default -> false;
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
    boolean vectorised =
        switch (kind) {
          case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> true;
          default -> false;
        };
    boolean aOk = aStride == 1 || aStride == 0;
    boolean bOk = bStride == 1 || bStride == 0;
    if (!vectorised || outStride != 1 || !aOk || !bOk || aStride + bStride == 0 || n < 2 * L) {
      super.binary(kind, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride, n);
      return;
    }
    int i = F.loopBound(n);
    switch (kind) {
      case ADD -> add(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case SUB -> sub(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case MUL -> mul(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case DIV -> div(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case MAXIMUM -> max(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case MINIMUM -> min(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      default -> throw new AssertionError(kind);
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

  /** A whole vector of {@code x} from {@code off + i}, or its one element for stride 0. */
  private static FloatVector load(float[] x, int off, int stride, int i) {
    return stride == 0 ? FloatVector.broadcast(F, x[off]) : FloatVector.fromArray(F, x, off + i);
  }

  private static void add(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).add(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void sub(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).sub(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void mul(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).mul(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void div(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).div(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void max(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).max(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void min(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).min(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  @Override
  public double reduceRun(ReduceKind kind, double acc, float[] x, int off, int stride, int n) {
    if (stride != 1 || n < 4 * L) {
      return super.reduceRun(kind, acc, x, off, stride, n);
    }
    return switch (kind) {
      case SUM -> sum(acc, x, off, n);
      case MAX, MIN -> extreme(kind, acc, x, off, n);
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
  private double extreme(ReduceKind kind, double acc, float[] x, int off, int n) {
    boolean max = kind == ReduceKind.MAX;
    FloatVector m0 = FloatVector.fromArray(F, x, off);
    FloatVector m1 = FloatVector.fromArray(F, x, off + L);
    FloatVector m2 = FloatVector.fromArray(F, x, off + 2 * L);
    FloatVector m3 = FloatVector.fromArray(F, x, off + 3 * L);
    int bound = n - n % (4 * L);
    int i = 4 * L;
    for (; i < bound; i += 4 * L) {
      m0 = extreme(max, m0, FloatVector.fromArray(F, x, off + i));
      m1 = extreme(max, m1, FloatVector.fromArray(F, x, off + i + L));
      m2 = extreme(max, m2, FloatVector.fromArray(F, x, off + i + 2 * L));
      m3 = extreme(max, m3, FloatVector.fromArray(F, x, off + i + 3 * L));
    }
    float[] lanes = new float[L];
    extreme(max, extreme(max, m0, m1), extreme(max, m2, m3)).intoArray(lanes, 0);
    double r = acc;
    for (float v : lanes) {
      r = kind.combine(r, v);
    }
    return super.reduceRun(kind, r, x, off + i, 1, n - i);
  }

  private static FloatVector extreme(boolean max, FloatVector a, FloatVector b) {
    return max ? a.max(b) : a.min(b);
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
    boolean vectorised =
        switch (kind) {
          case SUM, PROD, MAX, MIN -> true;
          default -> false;
        };
    int dl = D.length();
    if (!vectorised || xStride != 1 || outStride != 1 || n < 2 * dl) {
      super.accumulate(kind, x, xOff, xStride, out, outOff, outStride, n);
      return;
    }
    int i = D.loopBound(n);
    switch (kind) {
      case SUM -> accumulateSum(x, xOff, out, outOff, i);
      case PROD -> accumulateProd(x, xOff, out, outOff, i);
      case MAX -> accumulateMax(x, xOff, out, outOff, i);
      case MIN -> accumulateMin(x, xOff, out, outOff, i);
      default -> throw new AssertionError(kind);
    }
    super.accumulate(kind, x, xOff + i, 1, out, outOff + i, 1, n - i);
  }

  /** {@code D.length()} floats from {@code x[off]}, widened to double. */
  private static DoubleVector widen(float[] x, int off) {
    return (DoubleVector) FloatVector.fromArray(FD, x, off).convertShape(VectorOperators.F2D, D, 0);
  }

  private static void accumulateSum(float[] x, int xo, double[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector.fromArray(D, out, oo + i).add(widen(x, xo + i)).intoArray(out, oo + i);
    }
  }

  private static void accumulateProd(float[] x, int xo, double[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector.fromArray(D, out, oo + i).mul(widen(x, xo + i)).intoArray(out, oo + i);
    }
  }

  private static void accumulateMax(float[] x, int xo, double[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector.fromArray(D, out, oo + i).max(widen(x, xo + i)).intoArray(out, oo + i);
    }
  }

  private static void accumulateMin(float[] x, int xo, double[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector.fromArray(D, out, oo + i).min(widen(x, xo + i)).intoArray(out, oo + i);
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
    VectorGemm.gemm(
        a, aOff, aRowStride, aColStride, b, bOff, bRowStride, bColStride, c, cOff, ldc, m, n, k);
  }
}
