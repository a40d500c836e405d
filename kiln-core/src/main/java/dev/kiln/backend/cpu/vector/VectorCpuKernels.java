package dev.kiln.backend.cpu.vector;

import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.TernaryKind;
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
 * ScalarCpuKernels}. Loaded by name from {@code CpuKernelsProvider}. The elementwise loops live in
 * {@link VectorElementwise}, the comparisons in {@link VectorCompare}, GEMM in {@link VectorGemm}.
 *
 * <p>Each operator has its own small loop method and a switch outside the loops picks one: the
 * Vector API compiles to vector instructions only where the operator is a constant, and a switch
 * inside one shared loop (or an operator passed as a value) made C2 box the vectors, measured 5 to
 * 15 times slower than these loops.
 *
 * <p>Accuracy against the scalar reference: arithmetic, relu, relu's backward, neg, abs, sqrt, max,
 * min and comparisons are bit-identical; exp, log, tanh and sigmoid use the JDK's vector math
 * (about 1 ulp); SUM reorders the additions (float lanes inside blocks of {@value #SUM_BLOCK}
 * elements, blocks combined in double, in a fixed order so results are deterministic); gemm uses
 * FMA and a blocked order.
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
    int i = VectorElementwise.unary(kind, x, xOff, xStride, out, outOff, outStride, n);
    super.unary(
        kind, x, xOff + i * xStride, xStride, out, outOff + i * outStride, outStride, n - i, p, q);
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
    int i =
        VectorElementwise.binary(
            kind, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride, n);
    super.binary(
        kind,
        a,
        aOff + i * aStride,
        aStride,
        b,
        bOff + i * bStride,
        bStride,
        out,
        outOff + i * outStride,
        outStride,
        n - i);
  }

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
    int i =
        VectorCompare.compare(kind, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride, n);
    super.compare(
        kind,
        a,
        aOff + i * aStride,
        aStride,
        b,
        bOff + i * bStride,
        bStride,
        out,
        outOff + i * outStride,
        outStride,
        n - i);
  }

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
    int i =
        VectorElementwise.ternary(
            kind, x, xOff, xStride, a, aOff, aStride, b, bOff, bStride, out, outOff, outStride, n,
            value);
    super.ternary(
        kind,
        x,
        xOff + i * xStride,
        xStride,
        a,
        aOff + i * aStride,
        aStride,
        b,
        bOff + i * bStride,
        bStride,
        out,
        outOff + i * outStride,
        outStride,
        n - i,
        value);
  }

  /**
   * Three passes over the row while it sits in cache: the maximum, the sum of {@code exp(x - max)}
   * (float lanes, combined in double; stored into {@code out} for softmax), then the scaling
   * ({@code e * (1 / sum)}) or the shift ({@code (x - max) - log(sum)}). Each mode has its own
   * loops: a mode test inside a loop would stop C2 from compiling it to vector instructions.
   */
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
    if (xStride != 1 || outStride != 1 || n < 2 * L) {
      super.softmax(x, xOff, xStride, out, outOff, outStride, n, log);
      return;
    }
    float max = (float) reduceRun(ReduceKind.MAX, Double.NEGATIVE_INFINITY, x, xOff, 1, n);
    if (log) {
      logSoftmaxRow(x, xOff, out, outOff, n, max);
    } else {
      softmaxRow(x, xOff, out, outOff, n, max);
    }
  }

  private static void softmaxRow(float[] x, int xOff, float[] out, int outOff, int n, float max) {
    int bound = F.loopBound(n);
    FloatVector acc = FloatVector.zero(F);
    for (int i = 0; i < bound; i += L) {
      FloatVector e = FloatVector.fromArray(F, x, xOff + i).sub(max).lanewise(VectorOperators.EXP);
      e.intoArray(out, outOff + i);
      acc = acc.add(e);
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (int i = bound; i < n; i++) {
      float e = (float) Math.exp(x[xOff + i] - max);
      out[outOff + i] = e;
      sum += e;
    }
    float scale = (float) (1 / sum);
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, out, outOff + i).mul(scale).intoArray(out, outOff + i);
    }
    for (int i = bound; i < n; i++) {
      out[outOff + i] *= scale;
    }
  }

  private static void logSoftmaxRow(
      float[] x, int xOff, float[] out, int outOff, int n, float max) {
    int bound = F.loopBound(n);
    FloatVector acc = FloatVector.zero(F);
    for (int i = 0; i < bound; i += L) {
      acc = acc.add(FloatVector.fromArray(F, x, xOff + i).sub(max).lanewise(VectorOperators.EXP));
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (int i = bound; i < n; i++) {
      sum += (float) Math.exp(x[xOff + i] - max);
    }
    float logSum = (float) Math.log(sum);
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i).sub(max).sub(logSum).intoArray(out, outOff + i);
    }
    for (int i = bound; i < n; i++) {
      out[outOff + i] = (x[xOff + i] - max) - logSum;
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
    if (gStride != 1 || yStride != 1 || outStride != 1 || n < 2 * L) {
      super.softmaxBackward(g, gOff, gStride, y, yOff, yStride, out, outOff, outStride, n, log);
      return;
    }
    if (log) {
      logSoftmaxBackwardRow(g, gOff, y, yOff, out, outOff, n);
    } else {
      softmaxBackwardRow(g, gOff, y, yOff, out, outOff, n);
    }
  }

  /** {@code y * (g - sum(g * y))}. */
  private static void softmaxBackwardRow(
      float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
    int bound = F.loopBound(n);
    FloatVector acc = FloatVector.zero(F);
    for (int i = 0; i < bound; i += L) {
      acc =
          acc.add(FloatVector.fromArray(F, g, gOff + i).mul(FloatVector.fromArray(F, y, yOff + i)));
    }
    double dot = acc.reduceLanes(VectorOperators.ADD);
    for (int i = bound; i < n; i++) {
      dot += g[gOff + i] * y[yOff + i];
    }
    float d = (float) dot;
    for (int i = 0; i < bound; i += L) {
      FloatVector gv = FloatVector.fromArray(F, g, gOff + i);
      FloatVector.fromArray(F, y, yOff + i).mul(gv.sub(d)).intoArray(out, outOff + i);
    }
    for (int i = bound; i < n; i++) {
      out[outOff + i] = y[yOff + i] * (g[gOff + i] - d);
    }
  }

  /** {@code g - exp(y) * sum(g)}. */
  private static void logSoftmaxBackwardRow(
      float[] g, int gOff, float[] y, int yOff, float[] out, int outOff, int n) {
    int bound = F.loopBound(n);
    FloatVector acc = FloatVector.zero(F);
    for (int i = 0; i < bound; i += L) {
      acc = acc.add(FloatVector.fromArray(F, g, gOff + i));
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (int i = bound; i < n; i++) {
      sum += g[gOff + i];
    }
    float s = (float) sum;
    for (int i = 0; i < bound; i += L) {
      FloatVector e = FloatVector.fromArray(F, y, yOff + i).lanewise(VectorOperators.EXP);
      FloatVector.fromArray(F, g, gOff + i).sub(e.mul(s)).intoArray(out, outOff + i);
    }
    for (int i = bound; i < n; i++) {
      out[outOff + i] = g[gOff + i] - (float) Math.exp(y[yOff + i]) * s;
    }
  }

  /**
   * Three passes over the row: the sum (float lanes, then double), the squared deviations from the
   * mean (likewise), then {@code ((x - mean) * rstd) * weight + bias}.
   */
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
    if (n < 2 * L || (weight == null) != (bias == null)) {
      super.layerNorm(x, xOff, n, weight, bias, eps, out, outOff, mean, meanAt, rstd, rstdAt);
      return;
    }
    int bound = F.loopBound(n);
    FloatVector acc = FloatVector.zero(F);
    for (int i = 0; i < bound; i += L) {
      acc = acc.add(FloatVector.fromArray(F, x, xOff + i));
    }
    double sum = acc.reduceLanes(VectorOperators.ADD);
    for (int i = bound; i < n; i++) {
      sum += x[xOff + i];
    }
    float m = (float) (sum / n);
    FloatVector sq = FloatVector.zero(F);
    for (int i = 0; i < bound; i += L) {
      FloatVector d = FloatVector.fromArray(F, x, xOff + i).sub(m);
      sq = d.fma(d, sq);
    }
    double sqSum = sq.reduceLanes(VectorOperators.ADD);
    for (int i = bound; i < n; i++) {
      double d = x[xOff + i] - m;
      sqSum += d * d;
    }
    float r = (float) (1 / Math.sqrt(sqSum / n + eps));
    mean[meanAt] = m;
    rstd[rstdAt] = r;
    if (weight == null) {
      for (int i = 0; i < bound; i += L) {
        FloatVector.fromArray(F, x, xOff + i).sub(m).mul(r).intoArray(out, outOff + i);
      }
    } else {
      for (int i = 0; i < bound; i += L) {
        FloatVector.fromArray(F, x, xOff + i)
            .sub(m)
            .mul(r)
            .fma(FloatVector.fromArray(F, weight, i), FloatVector.fromArray(F, bias, i))
            .intoArray(out, outOff + i);
      }
    }
    for (int i = bound; i < n; i++) {
      float y = (x[xOff + i] - m) * r;
      out[outOff + i] = weight == null ? y : y * weight[i] + bias[i];
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
    if (n < 2 * L || weight == null) {
      super.layerNormBackward(g, gOff, x, xOff, n, weight, mean, rstd, gx, gxOff);
      return;
    }
    int bound = F.loopBound(n);
    FloatVector aAcc = FloatVector.zero(F);
    FloatVector bAcc = FloatVector.zero(F);
    for (int i = 0; i < bound; i += L) {
      FloatVector gw =
          FloatVector.fromArray(F, g, gOff + i).mul(FloatVector.fromArray(F, weight, i));
      FloatVector xhat = FloatVector.fromArray(F, x, xOff + i).sub(mean).mul(rstd);
      aAcc = aAcc.add(gw);
      bAcc = gw.fma(xhat, bAcc);
    }
    double a = aAcc.reduceLanes(VectorOperators.ADD);
    double b = bAcc.reduceLanes(VectorOperators.ADD);
    for (int i = bound; i < n; i++) {
      double gw = (double) g[gOff + i] * weight[i];
      a += gw;
      b += gw * ((double) (x[xOff + i] - mean) * rstd);
    }
    float am = (float) (a / n);
    float bm = (float) (b / n);
    for (int i = 0; i < bound; i += L) {
      FloatVector gw =
          FloatVector.fromArray(F, g, gOff + i).mul(FloatVector.fromArray(F, weight, i));
      FloatVector xhat = FloatVector.fromArray(F, x, xOff + i).sub(mean).mul(rstd);
      gw.sub(am).sub(xhat.mul(bm)).mul(rstd).intoArray(gx, gxOff + i);
    }
    for (int i = bound; i < n; i++) {
      float gw = g[gOff + i] * weight[i];
      float xhat = (x[xOff + i] - mean) * rstd;
      gx[gxOff + i] = (gw - am - xhat * bm) * rstd;
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
