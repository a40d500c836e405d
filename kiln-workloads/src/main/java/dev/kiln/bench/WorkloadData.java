package dev.kiln.bench;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/** The deterministic reference data of WORKLOADS.md, and the result checks benchmarks share. */
public final class WorkloadData {
  private WorkloadData() {}

  /** {@code u(i, seed) = ((i * 2654435761 + seed * 40503) mod 2^32) / 2^32}. */
  public static double u(long i, long seed) {
    return ((i * 2654435761L + seed * 40503L) & 0xFFFFFFFFL) / 0x1p32;
  }

  /**
   * {@code fill(n, seed, lo, hi)[i] = lo + (hi - lo) * (float) u(i, seed)}, computed in float32.
   */
  public static float[] fill(int n, long seed, float lo, float hi) {
    float[] x = new float[n];
    float range = hi - lo;
    for (int i = 0; i < n; i++) {
      x[i] = lo + range * (float) u(i, seed);
    }
    return x;
  }

  /** A contiguous float32 tensor over {@code data} with the given shape (no copy). */
  public static Tensor tensor(float[] data, int... shape) {
    return Tensor.wrap(new Storage.FloatStorage(data), DType.FLOAT32, shape);
  }

  /**
   * Fails unless {@code got} is within {@code rtol} of {@code expected} (relative to {@code scale},
   * the magnitude the error is measured against).
   */
  public static void check(String what, double expected, double got, double scale, double rtol) {
    if (!(Math.abs(got - expected) <= rtol * Math.max(scale, Double.MIN_NORMAL))) {
      throw new IllegalStateException(
          what + ": expected " + expected + " but got " + got + " (rtol " + rtol + ")");
    }
  }
}
