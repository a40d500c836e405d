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
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, xOff + i);
      // kind is loop-invariant; each arm names its operator as a constant, which the Vector API
      // needs in order to compile to vector instructions (a variable operator runs boxed, ~10x
      // slower than scalar code)
      FloatVector r =
          switch (kind) {
            case RELU -> v.blend(0f, v.compare(VectorOperators.LE, 0f));
            case SIGMOID -> ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            case NEG -> v.neg();
            case ABS -> v.abs();
            case EXP -> v.lanewise(VectorOperators.EXP);
            case LOG -> v.lanewise(VectorOperators.LOG);
            case TANH -> v.lanewise(VectorOperators.TANH);
            case SQRT -> v.sqrt();
            default -> throw new AssertionError(kind);
          };
      r.intoArray(out, outOff + i);
    }
    super.unary(kind, x, xOff + i, 1, out, outOff + i, 1, n - i, p, q);
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
    // a broadcast operand (stride 0) is loaded once; the layout tests and the switch are
    // loop-invariant, and each arm names its operator as a constant (see unary)
    FloatVector aScalar = FloatVector.broadcast(F, a[aOff]);
    FloatVector bScalar = FloatVector.broadcast(F, b[bOff]);
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector x = aStride == 0 ? aScalar : FloatVector.fromArray(F, a, aOff + i);
      FloatVector y = bStride == 0 ? bScalar : FloatVector.fromArray(F, b, bOff + i);
      FloatVector r =
          switch (kind) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAXIMUM -> x.max(y);
            case MINIMUM -> x.min(y);
            default -> throw new AssertionError(kind);
          };
      r.intoArray(out, outOff + i);
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
    int bound = D.loopBound(n);
    int i = 0;
    for (; i < bound; i += dl) {
      DoubleVector xv =
          (DoubleVector)
              FloatVector.fromArray(FD, x, xOff + i).convertShape(VectorOperators.F2D, D, 0);
      DoubleVector o = DoubleVector.fromArray(D, out, outOff + i);
      DoubleVector r =
          switch (kind) {
            case SUM -> o.add(xv);
            case PROD -> o.mul(xv);
            case MAX -> o.max(xv);
            case MIN -> o.min(xv);
            default -> throw new AssertionError(kind);
          };
      r.intoArray(out, outOff + i);
    }
    super.accumulate(kind, x, xOff + i, 1, out, outOff + i, 1, n - i);
  }

  @Override
  public void gemm(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    VectorGemm.gemm(a, aOff, b, bOff, c, cOff, m, n, k);
  }
}
