package dev.kiln;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.cpu.CpuKernelsProvider;
import dev.kiln.backend.cpu.blas.NativeBlas;
import dev.kiln.tensor.Generator;

/**
 * Process-wide settings: intra-op threads, the default random seed, and which CPU kernels and GEMM
 * are in use.
 */
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

  /**
   * Reseeds the default {@link Generator} that random ops use when none is passed, so that later
   * random results repeat.
   *
   * {@snippet :
   * Kiln.manualSeed(0);
   * Tensor a = Tensor.rand(3);
   * Kiln.manualSeed(0);
   * Tensor b = Tensor.rand(3);   // equal to a
   * }
   */
  public static void manualSeed(long seed) {
    Generator.defaultGenerator().manualSeed(seed);
  }

  /**
   * Where matrix products run: "OpenBLAS (...)" with the library's origin and build when it was
   * loaded, otherwise "Java (vector kernels)" or "Java (scalar kernels)".
   */
  public static String gemm() {
    return NativeBlas.available()
        ? "OpenBLAS (" + NativeBlas.description() + ")"
        : "Java (" + cpuKernels() + " kernels)";
  }

  /** "vector" when the Vector API kernels are in use, "scalar" for the plain-Java ones. */
  public static String cpuKernels() {
    return CpuKernelsProvider.get().name();
  }
}
