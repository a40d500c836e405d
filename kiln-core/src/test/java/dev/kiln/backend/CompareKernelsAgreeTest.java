package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.backend.KernelsAgreeTest.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Vector API comparison kernels (float32 into bool) write exactly the plain-Java reference's
 * bytes, NaN, infinities, signed zeros and ties included, on contiguous, strided and broadcast runs
 * at sizes around the vector length; bytes outside the run are left alone.
 */
class CompareKernelsAgreeTest {
  @TestFactory
  Stream<DynamicTest> predicateKindsAgree() {
    KernelsAgreeTest.kernels();
    assumeTrue(KernelsAgreeTest.vector != null, "jdk.incubator.vector is not present");
    List<DynamicTest> tests = new ArrayList<>();
    for (BinaryKind kind : BinaryKind.values()) {
      if (!kind.isPredicate()) {
        continue;
      }
      for (Shape sh : KernelsAgreeTest.SHAPES) {
        tests.add(DynamicTest.dynamicTest(kind + " " + sh.name(), () -> check(kind, sh)));
      }
    }
    return tests.stream();
  }

  static void check(BinaryKind kind, Shape sh) {
    for (int n : KernelsAgreeTest.SIZES) {
      int o = sh.offset();
      float[] a = KernelsAgreeTest.data(o + Math.max(1, n * sh.xStride()) + 3, n * 7L + 1);
      float[] b = KernelsAgreeTest.data(o + Math.max(1, n * sh.bStride()) + 4, n * 11L + 2);
      for (int i = 0; i < n; i += 3) { // ties
        b[o + 1 + i * sh.bStride()] = a[o + i * sh.xStride()];
      }
      int outLen = o + Math.max(1, n * sh.outStride()) + 3;
      byte[] want = new byte[outLen];
      byte[] got = new byte[outLen];
      Arrays.fill(want, (byte) 42);
      Arrays.fill(got, (byte) 42);
      KernelsAgreeTest.scalar.compare(
          kind, a, o, sh.xStride(), b, o + 1, sh.bStride(), want, o, sh.outStride(), n);
      KernelsAgreeTest.vector.compare(
          kind, a, o, sh.xStride(), b, o + 1, sh.bStride(), got, o, sh.outStride(), n);
      assertArrayEquals(want, got, kind + " " + sh.name() + " n=" + n);
    }
  }

  /** The same after the JIT has compiled the vector loops (the runs above are interpreted). */
  @Test
  void compiledLoopsStillAgree() {
    KernelsAgreeTest.kernels();
    assumeTrue(KernelsAgreeTest.vector != null, "jdk.incubator.vector is not present");
    float[] x = KernelsAgreeTest.data(64, 1);
    float[] y = KernelsAgreeTest.data(64, 2);
    byte[] out = new byte[64];
    List<BinaryKind> kinds =
        List.of(
            BinaryKind.EQ,
            BinaryKind.NE,
            BinaryKind.LT,
            BinaryKind.LE,
            BinaryKind.GT,
            BinaryKind.GE);
    for (int rep = 0; rep < 3000; rep++) {
      for (BinaryKind kind : kinds) {
        KernelsAgreeTest.vector.compare(kind, x, 0, 1, y, 0, 1, out, 0, 1, 64);
        KernelsAgreeTest.vector.compare(kind, x, 0, 1, y, 0, 0, out, 0, 1, 64);
      }
    }
    for (BinaryKind kind : kinds) {
      check(kind, KernelsAgreeTest.SHAPES.get(1));
      check(kind, KernelsAgreeTest.SHAPES.get(4));
    }
  }
}
