package dev.kiln.bench.workloads;

import dev.kiln.Kiln;
import dev.kiln.backend.cpu.blas.NativeBlas;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The OpenBLAS that W1's limit calls: the one Kiln loaded ({@link NativeBlas}), or, when Kiln runs
 * its pure-Java GEMM ({@code -Dkiln.blas=off}), the bundled {@code org.bytedeco:openblas} library
 * ({@link NativeBlas#bundledSymbols}), so that the Java GEMM is still compared with OpenBLAS in the
 * same run. Either way with Kiln's thread count.
 */
final class OpenBlasLibrary {
  private OpenBlasLibrary() {}

  /**
   * The library's symbols with its thread count set to Kiln's, or empty when Kiln has none and the
   * bundled one is not on the class path.
   */
  static synchronized Optional<SymbolLookup> symbols() {
    if (NativeBlas.available()) {
      NativeBlas.syncThreads();
      return NativeBlas.symbols();
    }
    Optional<SymbolLookup> lib = NativeBlas.bundledSymbols();
    lib.ifPresent(l -> setThreads(l, Kiln.getNumThreads()));
    return lib;
  }

  private static void setThreads(SymbolLookup lib, int threads) {
    try {
      MethodHandle h =
          Linker.nativeLinker()
              .downcallHandle(
                  lib.findOrThrow("openblas_set_num_threads"),
                  FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
      h.invokeExact(threads);
    } catch (Throwable e) {
      throw new IllegalStateException("openblas_set_num_threads(" + threads + ") failed", e);
    }
  }
}
