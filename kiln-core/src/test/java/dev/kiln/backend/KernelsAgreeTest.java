package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.backend.cpu.CpuKernels;
import dev.kiln.backend.cpu.CpuKernelsProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Vector API kernels agree with the plain-Java reference on every float32 kind, on contiguous,
 * strided and broadcast-scalar runs, at sizes around the vector length (tails) and at offsets != 0.
 *
 * <p>Tolerances: elementwise arithmetic, relu, neg, abs, sqrt, maximum and minimum must be
 * bit-identical (same IEEE float operation); exp, log, tanh and sigmoid use the JDK's vector math,
 * about 1 ulp from the reference (rounded once from double), so they get {@link
 * #TRANSCENDENTAL_RTOL} (8 float ulps); SUM reorders additions, so sums are bounded by n ulps of
 * the sum of |x|; gemm is checked against a float64 product with the classic k-ulp bound on sum
 * |a||b|; the fused ternary kinds do the scalar reference's float operations in its order, so they
 * must be bit-identical.
 */
class KernelsAgreeTest {
  static final int[] SIZES = {0, 1, 7, 8, 15, 16, 17, 127, 1023};
  static final double FLOAT_ULP = 0x1p-23;
  static final double TRANSCENDENTAL_RTOL = 8 * FLOAT_ULP;

  /** Absolute slack for results below float's normal range (vector exp flushes them to 0). */
  static final double TINY = 0x1p-120;

  static CpuKernels scalar;
  static CpuKernels vector;

  @BeforeAll
  static void kernels() {
    scalar = CpuKernelsProvider.scalar();
    vector = CpuKernelsProvider.vector().orElse(null);
  }

  /** One way of laying a run out in memory. */
  record Shape(String name, int offset, int xStride, int bStride, int outStride) {}

  static final List<Shape> SHAPES =
      List.of(
          new Shape("contiguous", 0, 1, 1, 1),
          new Shape("contiguous+offset", 5, 1, 1, 1),
          new Shape("strided", 3, 2, 3, 1),
          new Shape("strided-out", 1, 1, 1, 2),
          new Shape("broadcast-b", 2, 1, 0, 1),
          new Shape("broadcast-a", 2, 0, 1, 1));

  /** Values in [-4, 4] with a few specials (NaN, infinities, signed zeros) sprinkled in. */
  static float[] data(int len, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[len];
    for (int i = 0; i < len; i++) {
      x[i] = (float) (r.nextDouble() * 8 - 4);
    }
    float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};
    for (int i = 0; i < specials.length && len > 40; i++) {
      x[r.nextInt(len)] = specials[i];
    }
    return x;
  }

  static boolean close(double expected, double actual, double rtol, double atol) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      return Double.isNaN(expected) && Double.isNaN(actual);
    }
    return expected == actual || Math.abs(expected - actual) <= atol + rtol * Math.abs(expected);
  }

  static double rtolFor(UnaryKind kind) {
    return switch (kind) {
      case NEG, ABS, SQRT, RELU -> 0;
      default -> TRANSCENDENTAL_RTOL;
    };
  }

  /** Parameters for the parameterised kinds, as the ops pass them. */
  static double[] params(UnaryKind kind) {
    return switch (kind) {
      case CLAMP -> new double[] {-1, 1.5};
      case SOFTPLUS -> new double[] {1, 20};
      case ELU -> new double[] {1, 1};
      case LEAKY_RELU -> new double[] {0.01, 0};
      case LOGIT -> new double[] {Double.NaN, 0};
      default -> new double[] {0, 0};
    };
  }

  @TestFactory
  Stream<DynamicTest> unaryKindsAgree() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    List<DynamicTest> tests = new ArrayList<>();
    for (UnaryKind kind : UnaryKind.values()) {
      if (!kind.supportsFloats()) {
        continue;
      }
      for (Shape sh : SHAPES) {
        if (sh.xStride() == 0) {
          continue;
        }
        tests.add(DynamicTest.dynamicTest(kind + " " + sh.name(), () -> checkUnary(kind, sh)));
      }
    }
    return tests.stream();
  }

  static void checkUnary(UnaryKind kind, Shape sh) {
    double[] pq = params(kind);
    for (int n : SIZES) {
      float[] x = data(sh.offset() + Math.max(1, n * sh.xStride()) + 3, n * 31L + kind.ordinal());
      int outLen = sh.offset() + Math.max(1, n * sh.outStride()) + 3;
      float[] want = new float[outLen];
      float[] got = new float[outLen];
      Arrays.fill(want, 42f);
      Arrays.fill(got, 42f);
      scalar.unary(
          kind, x, sh.offset(), sh.xStride(), want, sh.offset(), sh.outStride(), n, pq[0], pq[1]);
      vector.unary(
          kind, x, sh.offset(), sh.xStride(), got, sh.offset(), sh.outStride(), n, pq[0], pq[1]);
      compare(kind + " " + sh.name() + " n=" + n, want, got, rtolFor(kind), TINY);
    }
  }

  @TestFactory
  Stream<DynamicTest> binaryKindsAgree() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    List<DynamicTest> tests = new ArrayList<>();
    for (BinaryKind kind : BinaryKind.values()) {
      if (!kind.supportsFloats() || kind.isPredicate()) {
        continue;
      }
      for (Shape sh : SHAPES) {
        tests.add(DynamicTest.dynamicTest(kind + " " + sh.name(), () -> checkBinary(kind, sh)));
      }
    }
    return tests.stream();
  }

  static void checkBinary(BinaryKind kind, Shape sh) {
    for (int n : SIZES) {
      float[] a = data(sh.offset() + Math.max(1, n * sh.xStride()) + 3, n * 17L + kind.ordinal());
      float[] b = data(sh.offset() + Math.max(1, n * sh.bStride()) + 3, n * 19L + kind.ordinal());
      int outLen = sh.offset() + Math.max(1, n * sh.outStride()) + 3;
      float[] want = new float[outLen];
      float[] got = new float[outLen];
      Arrays.fill(want, 42f);
      Arrays.fill(got, 42f);
      int o = sh.offset();
      scalar.binary(kind, a, o, sh.xStride(), b, o + 1, sh.bStride(), want, o, sh.outStride(), n);
      vector.binary(kind, a, o, sh.xStride(), b, o + 1, sh.bStride(), got, o, sh.outStride(), n);
      // every vectorised binary kind is one IEEE float operation, so results are identical
      compare(kind + " " + sh.name() + " n=" + n, want, got, 0, 0);
    }
  }

  @TestFactory
  Stream<DynamicTest> ternaryKindsAgree() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    List<DynamicTest> tests = new ArrayList<>();
    for (TernaryKind kind : TernaryKind.values()) {
      for (Shape sh : SHAPES) {
        tests.add(DynamicTest.dynamicTest(kind + " " + sh.name(), () -> checkTernary(kind, sh)));
      }
    }
    return tests.stream();
  }

  /** The input operand takes the b stride, t1 the x stride and t2 the b stride again. */
  static void checkTernary(TernaryKind kind, Shape sh) {
    for (int n : SIZES) {
      int o = sh.offset();
      float[] x = data(o + Math.max(1, n * sh.bStride()) + 3, n * 23L + kind.ordinal());
      float[] a = data(o + Math.max(1, n * sh.xStride()) + 3, n * 29L + kind.ordinal());
      float[] b = data(o + Math.max(1, n * sh.bStride()) + 4, n * 37L + kind.ordinal());
      int outLen = o + Math.max(1, n * sh.outStride()) + 3;
      float[] want = new float[outLen];
      float[] got = new float[outLen];
      Arrays.fill(want, 42f);
      Arrays.fill(got, 42f);
      int xs = sh.bStride();
      int as = sh.xStride();
      int os = sh.outStride();
      scalar.ternary(kind, x, o, xs, a, o, as, b, o + 1, xs, want, o, os, n, -0.75f);
      vector.ternary(kind, x, o, xs, a, o, as, b, o + 1, xs, got, o, os, n, -0.75f);
      // the same float operations in the same order (no FMA): identical results
      compare(kind + " " + sh.name() + " n=" + n, want, got, 0, 0);
    }
  }

  /**
   * Softmax and log-softmax rows and their backward, contiguous and strided: the vector kernels use
   * float lanes and the JDK's vector exp where the reference computes in double, so they get {@link
   * #TRANSCENDENTAL_RTOL} on top of n float ulps of the row's sums.
   */
  @Test
  void softmaxRowsAgree() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    for (boolean log : new boolean[] {false, true}) {
      for (int stride : new int[] {1, 2}) {
        for (int n : SIZES) {
          float[] x = data(3 + Math.max(1, n * stride), n * 41L + stride);
          float[] g = data(3 + Math.max(1, n * stride), n * 43L + stride);
          clean(x);
          clean(g);
          float[] want = new float[3 + Math.max(1, n * stride)];
          float[] got = want.clone();
          scalar.softmax(x, 2, stride, want, 1, stride, n, log);
          vector.softmax(x, 2, stride, got, 1, stride, n, log);
          double rtol = TRANSCENDENTAL_RTOL + 4 * FLOAT_ULP;
          String what = (log ? "logSoftmax" : "softmax") + " stride " + stride + " n=" + n;
          compare(what, want, got, rtol, 1e-6);
          float[] y = want.clone();
          float[] wantGrad = new float[y.length];
          float[] gotGrad = new float[y.length];
          scalar.softmaxBackward(g, 2, stride, y, 1, stride, wantGrad, 0, stride, n, log);
          vector.softmaxBackward(g, 2, stride, y, 1, stride, gotGrad, 0, stride, n, log);
          // the row's sum is rounded to float before the subtraction: n ulps of sum |g|
          compare(what + " backward", wantGrad, gotGrad, rtol, n * FLOAT_ULP * 8);
        }
      }
    }
  }

  /**
   * Layer-norm rows and their backward, with and without weight and bias: float lanes (and FMA) in
   * the vector sums against double in the reference, so 1e-5 relative and absolute.
   */
  @Test
  void layerNormRowsAgree() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    for (boolean affine : new boolean[] {true, false}) {
      for (int n : SIZES) {
        if (n == 0) {
          continue; // a row has at least one element
        }
        float[] x = data(n + 3, n * 47L);
        float[] g = data(n + 3, n * 53L);
        float[] w = affine ? data(n, n * 59L) : null;
        float[] b = affine ? data(n, n * 61L) : null;
        for (float[] a :
            new float[][] {x, g, w == null ? new float[0] : w, b == null ? new float[0] : b}) {
          clean(a);
        }
        float[][] stats = new float[4][2];
        float[] want = new float[n + 2];
        float[] got = new float[n + 2];
        scalar.layerNorm(x, 3, n, w, b, 1e-5, want, 1, stats[0], 1, stats[1], 0);
        vector.layerNorm(x, 3, n, w, b, 1e-5, got, 1, stats[2], 1, stats[3], 0);
        String what = "layerNorm " + (affine ? "affine " : "") + "n=" + n;
        compare(what, want, got, 1e-5, 1e-5);
        compare(
            what + " mean/rstd",
            new float[] {stats[0][1], stats[1][0]},
            new float[] {stats[2][1], stats[3][0]},
            1e-5,
            1e-6);
        float[] wantGrad = new float[n + 1];
        float[] gotGrad = new float[n + 1];
        float mean = stats[0][1];
        float rstd = stats[1][0];
        scalar.layerNormBackward(g, 2, x, 3, n, w, mean, rstd, wantGrad, 1);
        vector.layerNormBackward(g, 2, x, 3, n, w, mean, rstd, gotGrad, 1);
        compare(what + " backward", wantGrad, gotGrad, 1e-5, 1e-5);
      }
    }
  }

  static void compare(String what, float[] want, float[] got, double rtol, double atol) {
    for (int i = 0; i < want.length; i++) {
      if (!close(want[i], got[i], rtol, atol)) {
        fail(what + ": element " + i + " expected " + want[i] + " but was " + got[i]);
      }
    }
  }

  /**
   * The runs above are mostly interpreted, where the Vector API computes lane by lane in Java; here
   * each vectorised kind is called often enough first for the JIT to compile the loops to vector
   * instructions (and the JDK's vector math library), then compared again.
   */
  @Test
  void hotLoopsStillAgree() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    float[] x = data(64, 1);
    float[] y = data(64, 2);
    float[] out = new float[64];
    List<UnaryKind> unary =
        List.of(
            UnaryKind.RELU,
            UnaryKind.SIGMOID,
            UnaryKind.NEG,
            UnaryKind.ABS,
            UnaryKind.EXP,
            UnaryKind.LOG,
            UnaryKind.TANH,
            UnaryKind.SQRT);
    List<BinaryKind> binary =
        List.of(
            BinaryKind.ADD,
            BinaryKind.SUB,
            BinaryKind.MUL,
            BinaryKind.DIV,
            BinaryKind.MAXIMUM,
            BinaryKind.MINIMUM,
            BinaryKind.RELU_BACKWARD);
    for (int rep = 0; rep < 3000; rep++) {
      for (UnaryKind kind : unary) {
        vector.unary(kind, x, 0, 1, out, 0, 1, 64, 0, 0);
      }
      for (BinaryKind kind : binary) {
        vector.binary(kind, x, 0, 1, y, 0, 1, out, 0, 1, 64);
        vector.binary(kind, x, 0, 1, y, 0, 0, out, 0, 1, 64);
      }
      vector.reduceRun(rep % 2 == 0 ? ReduceKind.MAX : ReduceKind.SUM, 0, x, 0, 1, 64);
      for (TernaryKind kind : TernaryKind.values()) {
        vector.ternary(kind, x, 0, 1, y, 0, 1, x, 0, 1, out, 0, 1, 64, 0.5f);
        vector.ternary(kind, x, 0, 0, y, 0, 1, x, 0, 1, out, 0, 1, 64, 0.5f);
      }
    }
    Shape contiguous = SHAPES.get(1);
    for (UnaryKind kind : unary) {
      checkUnary(kind, contiguous);
    }
    for (BinaryKind kind : binary) {
      checkBinary(kind, contiguous);
      checkBinary(kind, SHAPES.get(4));
    }
    for (TernaryKind kind : TernaryKind.values()) {
      checkTernary(kind, contiguous);
      checkTernary(kind, SHAPES.get(4));
    }
    reduceRunAgrees();
  }

  @Test
  void reduceRunAgrees() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    for (ReduceKind kind : ReduceKind.values()) {
      for (int stride : new int[] {1, 3}) {
        for (int n : new int[] {0, 1, 7, 31, 32, 33, 63, 64, 127, 1023, 5000}) {
          float[] x = data(4 + n * stride, n + kind.ordinal());
          if (kind == ReduceKind.PROD) {
            for (int i = 0; i < x.length; i++) {
              x[i] = 1 + x[i] / 64; // keeps the product finite and nonzero
            }
          }
          double acc = 0.25;
          double want = scalar.reduceRun(kind, acc, x, 2, stride, n);
          double got = vector.reduceRun(kind, acc, x, 2, stride, n);
          double atol = 0;
          if (kind == ReduceKind.SUM) {
            double abs = Math.abs(acc);
            for (int i = 0; i < n; i++) {
              abs += Math.abs(x[2 + i * stride]);
            }
            atol = n * FLOAT_ULP * abs; // float lanes reorder and round the partial sums
          }
          if (!close(want, got, 0, atol)) {
            fail(kind + " stride " + stride + " n=" + n + ": expected " + want + " but was " + got);
          }
        }
      }
    }
  }

  @Test
  void reduceRunPropagatesNaN() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    float[] x = data(300, 5);
    x[123] = Float.NaN;
    for (ReduceKind kind : List.of(ReduceKind.SUM, ReduceKind.MAX, ReduceKind.MIN)) {
      assertEquals(Double.NaN, vector.reduceRun(kind, 0, x, 0, 1, 300), kind.toString());
    }
  }

  @Test
  void sumOfManyElementsStaysAccurate() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    // 2^20 values in [0, 1): float lanes alone would lose ~1e-4 relative; blocks keep ~1e-7
    int n = 1 << 20;
    float[] x = new float[n];
    SplittableRandom r = new SplittableRandom(9);
    double exact = 0;
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextDouble();
      exact += x[i];
    }
    double got = vector.reduceRun(ReduceKind.SUM, 0, x, 0, 1, n);
    assertEquals(exact, got, exact * 1e-6);
  }

  @Test
  void accumulateAgrees() {
    assumeTrue(vector != null, "jdk.incubator.vector is not present");
    for (ReduceKind kind : ReduceKind.values()) {
      for (int[] strides : new int[][] {{1, 1}, {2, 1}, {1, 3}}) {
        for (int n : SIZES) {
          float[] x = data(3 + n * strides[0], n + 7L * kind.ordinal());
          double[] want = new double[3 + n * strides[1]];
          SplittableRandom r = new SplittableRandom(n);
          for (int i = 0; i < want.length; i++) {
            want[i] = r.nextDouble() * 2 - 1;
          }
          double[] got = want.clone();
          scalar.accumulate(kind, x, 1, strides[0], want, 2, strides[1], n);
          vector.accumulate(kind, x, 1, strides[0], got, 2, strides[1], n);
          // the same double operation per element in the same order: identical results
          for (int i = 0; i < want.length; i++) {
            if (!close(want[i], got[i], 0, 0)) {
              fail(kind + " n=" + n + ": element " + i + " " + want[i] + " vs " + got[i]);
            }
          }
        }
      }
    }
  }

  @Test
  void gemmAgreesWithFloat64AtOddSizes() {
    List<CpuKernels> all = new ArrayList<>(List.of(scalar));
    if (vector != null) {
      all.add(vector);
    }
    int[] dims = {0, 1, 5, 6, 7, 17, 33, 70};
    for (CpuKernels kernels : all) {
      for (int m : dims) {
        for (int n : dims) {
          for (int k : new int[] {0, 1, 7, 300}) {
            checkGemm(kernels, m, n, k);
          }
        }
      }
      checkGemm(kernels, 13, 600, 9); // more than one packed column block
    }
  }

  static void checkGemm(CpuKernels kernels, int m, int n, int k) {
    int aOff = 3;
    int bOff = 5;
    int cOff = 2;
    float[] a = data(aOff + m * k, m * 1000L + k);
    float[] b = data(bOff + k * n, n * 1000L + k + 1);
    clean(a);
    clean(b);
    float[] c = new float[cOff + m * n + 4];
    Arrays.fill(c, Float.NaN); // beta = 0: old contents must not leak in
    kernels.gemm(a, aOff, k, 1, b, bOff, n, 1, c, cOff, n, m, n, k);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double ref = 0;
        double abs = 0;
        for (int p = 0; p < k; p++) {
          double t = (double) a[aOff + i * k + p] * b[bOff + p * n + j];
          ref += t;
          abs += Math.abs(t);
        }
        double got = c[cOff + i * n + j];
        if (!(Math.abs(got - ref) <= (k + 1) * FLOAT_ULP * abs)) {
          fail(
              kernels.name()
                  + " gemm "
                  + m
                  + "x"
                  + k
                  + "x"
                  + n
                  + " C["
                  + i
                  + ","
                  + j
                  + "]: "
                  + got
                  + " vs "
                  + ref);
        }
      }
    }
    for (int i = 0; i < cOff; i++) {
      assertEquals(Float.NaN, c[i], "gemm wrote before C");
    }
    for (int i = cOff + m * n; i < c.length; i++) {
      assertEquals(Float.NaN, c[i], "gemm wrote past C");
    }
  }

  /** Replaces the specials that {@link #data} sprinkles in: a product of them is no test. */
  static void clean(float[] x) {
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        x[i] = 0.5f;
      }
    }
  }
}
