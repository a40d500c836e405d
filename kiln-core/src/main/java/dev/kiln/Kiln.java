package dev.kiln;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.cpu.CpuKernelsProvider;

/** Process-wide settings: intra-op threads and which CPU kernels are in use. */
public final class Kiln {
  private Kiln() {}

  /** Sets the number of threads that intra-op parallel loops use (default: the core count). */
  public static void setNumThreads(int n) {
    Parallel.setNumThreads(n);
  }

  /** The number of intra-op threads. */
  public static int getNumThreads() {
    return Parallel.getNumThreads();
  }

  /** "vector" when the Vector API kernels are in use, "scalar" for the plain-Java ones. */
  public static String cpuKernels() {
    return CpuKernelsProvider.get().name();
  }
}
