package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.UnaryKind;
import dev.kiln.backend.cpu.CpuKernels;
import dev.kiln.backend.cpu.CpuKernelsProvider;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector float32 kernels agree with the scalar reference for every pointwise kind, on odd run
 * lengths (0, 1, 7, 17, 1023) that exercise the vector body and the scalar tail, including NaN,
 * infinities and signed zeros.
 */
class PointwiseKernelsTest {
  private static final int[] SIZES = {0, 1, 7, 17, 1023};
  private static final double RTOL = 1e-6;

  private static final float[] SPECIAL = {
    Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e-30f, -100f, 100f
  };

  /** Values in [-3, 3), with NaN, infinities, signed zeros and large values sprinkled in. */
  private static float[] sample(long seed, int n) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 13 == 5 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) (r.nextDouble() * 6 - 3);
    }
    return x;
  }

  private static void assertClose(String what, float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      float e = expected[i];
      float a = actual[i];
      boolean ok =
          Float.isNaN(e) ? Float.isNaN(a) : e == a || Math.abs(e - a) <= 1e-7 + RTOL * Math.abs(e);
      assertTrue(ok, what + ": element " + i + " expected " + e + " but was " + a);
    }
  }

  private static CpuKernels vectorKernels() {
    Optional<CpuKernels> v = CpuKernelsProvider.vector();
    assumeTrue(v.isPresent(), "jdk.incubator.vector is not in this JVM");
    return v.get();
  }

  @Test
  void unaryKindsMatchTheScalarReference() {
    CpuKernels scalar = CpuKernelsProvider.scalar();
    CpuKernels vector = vectorKernels();
    for (UnaryKind kind : UnaryKind.values()) {
      for (int n : SIZES) {
        float[] x = sample(n, n + 2);
        float[] expected = new float[n + 2];
        float[] actual = new float[n + 2];
        scalar.unary(kind, x, 1, 1, expected, 1, 1, n, 0.1, 0.9);
        vector.unary(kind, x, 1, 1, actual, 1, 1, n, 0.1, 0.9);
        assertClose(kind + " n=" + n, expected, actual);
      }
    }
  }

  @Test
  void binaryKindsMatchTheScalarReference() {
    CpuKernels scalar = CpuKernelsProvider.scalar();
    CpuKernels vector = vectorKernels();
    for (BinaryKind kind : BinaryKind.values()) {
      if (!kind.supportsFloats() || kind.isPredicate()) {
        continue;
      }
      for (int n : SIZES) {
        for (int bStride : new int[] {0, 1}) {
          float[] a = sample(n, n);
          float[] b = sample(n + 1000, n + 1);
          float[] expected = new float[n];
          float[] actual = new float[n];
          scalar.binary(kind, a, 0, 1, b, 1, bStride, expected, 0, 1, n);
          vector.binary(kind, a, 0, 1, b, 1, bStride, actual, 0, 1, n);
          assertClose(kind + " n=" + n + " bStride=" + bStride, expected, actual);
        }
      }
    }
  }
}
