package dev.kiln.bench.workloads;

import dev.kiln.Kiln;
import dev.kiln.backend.cpu.blas.NativeBlas;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The OpenBLAS that W1's limit calls: the one Kiln loaded ({@link NativeBlas}), or, when Kiln runs
 * its pure-Java GEMM ({@code -Dkiln.blas=off}), the same bundled {@code org.bytedeco:openblas}
 * library opened here, so that the Java GEMM is still compared with OpenBLAS in the same run.
 * kiln-core's loader is not public, so this one repeats its two essentials: the library and its
 * {@code libgfortran.so.5} extracted side by side (its RUNPATH {@code $ORIGIN} finds the second),
 * and {@code OPENBLAS_THREAD_TIMEOUT=4} set before loading unless the user set it (otherwise its
 * threads spin ~0.1 s after every call, on the cores the Java GEMM measured next needs).
 */
final class OpenBlasLibrary {
  private static final String BUNDLE_DIR = "org/bytedeco/openblas/linux-x86_64/";

  private static SymbolLookup own;

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
    if (own == null) {
      own = openBundled().orElse(null);
    }
    if (own != null) {
      setThreads(own, Kiln.getNumThreads());
    }
    return Optional.ofNullable(own);
  }

  private static Optional<SymbolLookup> openBundled() {
    ClassLoader loader = OpenBlasLibrary.class.getClassLoader();
    if (loader.getResource(BUNDLE_DIR + "libopenblas.so.0") == null) {
      return Optional.empty();
    }
    try {
      Path dir = Files.createTempDirectory("kiln-bench-openblas");
      dir.toFile().deleteOnExit();
      for (String file : new String[] {"libopenblas.so.0", "libgfortran.so.5"}) {
        Path target = dir.resolve(file);
        try (InputStream in = loader.getResourceAsStream(BUNDLE_DIR + file)) {
          if (in == null) {
            throw new IOException("the OpenBLAS jar lacks " + BUNDLE_DIR + file);
          }
          Files.copy(in, target);
        }
        target.toFile().deleteOnExit();
      }
      if (System.getenv("OPENBLAS_THREAD_TIMEOUT") == null) {
        setenv("OPENBLAS_THREAD_TIMEOUT", "4");
      }
      return Optional.of(
          SymbolLookup.libraryLookup(dir.resolve("libopenblas.so.0"), Arena.global()));
    } catch (IOException e) {
      throw new IllegalStateException("OpenBlasLibrary: cannot extract the bundled OpenBLAS", e);
    }
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

  private static void setenv(String name, String value) {
    Linker linker = Linker.nativeLinker();
    try (Arena arena = Arena.ofConfined()) {
      MethodHandle h =
          linker.downcallHandle(
              linker.defaultLookup().findOrThrow("setenv"),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT,
                  ValueLayout.ADDRESS,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_INT));
      int unused = (int) h.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
    } catch (Throwable e) {
      // no libc setenv: OpenBLAS keeps its default spin, which costs the Java GEMM speed only
    }
  }
}
