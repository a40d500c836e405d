package dev.kiln.bench.workloads;

/**
 * W5's memory-bandwidth yardstick: {@code System.arraycopy} of one float array into another (8
 * bytes per element: one read, one write), the limit W5's GB/s are divided by.
 *
 * <p>The copy runs in a method that is JIT-compiled before it is measured. Called from interpreted
 * code, {@code System.arraycopy} goes through the VM's native element-by-element copy instead of
 * the JIT's vectorized arraycopy stub, and a step this long (a 64 MiB copy takes 4 ms on the 2-core
 * machine, 13 ms when it is loaded) is called too few times in the protocol's 1-s warm-up (fewer
 * than the 200 calls that trigger C1) to ever be compiled: its times are stable, so the warm-up
 * rule accepts them. Measured on the 2-core AVX-512 machine with the harness's own protocol: 10.4
 * GB/s uncompiled (15 GB/s when the machine is quiet) against 35-37 GB/s compiled (JMH's {@code
 * W5Bandwidth.arraycopy}: 32.5 GB/s), which made W5's {@code /copy} ratios 2-3x too high. {@code
 * -XX:+AlwaysPreTouch} and transparent huge pages changed nothing measurable (34.6-37.1 GB/s either
 * way).
 */
public final class CopyYardstick {
  /** Calls of a small copy that get {@link #copy} compiled (C1 needs 200, C2 about 5,000+). */
  private static final int COMPILE_CALLS = 50_000;

  private CopyYardstick() {}

  /** The yardstick step copying all of {@code src} into {@code dst}, compiled first. */
  public static Runnable step(float[] src, float[] dst) {
    if (src.length != dst.length) {
      throw new IllegalArgumentException(
          "CopyYardstick: src has " + src.length + " floats but dst " + dst.length);
    }
    float[] s = new float[1024];
    float[] d = new float[1024];
    for (int i = 0; i < COMPILE_CALLS; i++) {
      copy(s, d);
    }
    return () -> copy(src, dst);
  }

  /** {@code System.arraycopy} of all of {@code src} into {@code dst}. */
  static void copy(float[] src, float[] dst) {
    System.arraycopy(src, 0, dst, 0, src.length);
  }
}
