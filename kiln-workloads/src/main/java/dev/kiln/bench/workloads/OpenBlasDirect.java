package dev.kiln.bench.workloads;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * W1's limit: {@code cblas_sgemm} of OpenBLAS ({@link OpenBlasLibrary}: the one Kiln loaded, else
 * the bundled one) called through FFM on off-heap copies of A and B into a preallocated off-heap C,
 * with Kiln's thread count. No copy or allocation is timed, so this is what the library itself does
 * on these cores.
 */
public final class OpenBlasDirect implements AutoCloseable {
  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;

  private final int n;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment a;
  private final MemorySegment b;
  private final MemorySegment c;
  private final MethodHandle sgemm;

  /** Whether an OpenBLAS can be called: Kiln's, or the bundled one on the class path. */
  public static boolean available() {
    return OpenBlasLibrary.symbols().isPresent();
  }

  /**
   * Copies the n x n row-major {@code a} and {@code b} off-heap.
   *
   * @throws IllegalStateException when no OpenBLAS is {@link #available}
   */
  public OpenBlasDirect(float[] a, float[] b, int n) {
    SymbolLookup lib =
        OpenBlasLibrary.symbols()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "OpenBlasDirect: no OpenBLAS (Kiln loaded none and"
                            + " org.bytedeco:openblas is not on the class path)"));
    if (a.length != n * n || b.length != n * n) {
      throw new IllegalArgumentException(
          "OpenBlasDirect: n = " + n + " needs " + n * n + " floats per operand");
    }
    this.n = n;
    this.a = arena.allocate(4L * n * n, 64).copyFrom(MemorySegment.ofArray(a));
    this.b = arena.allocate(4L * n * n, 64).copyFrom(MemorySegment.ofArray(b));
    this.c = arena.allocate(4L * n * n, 64);
    this.sgemm =
        Linker.nativeLinker()
            .downcallHandle(
                lib.findOrThrow("cblas_sgemm"),
                FunctionDescriptor.ofVoid(
                    JAVA_INT,
                    JAVA_INT,
                    JAVA_INT,
                    JAVA_INT,
                    JAVA_INT,
                    JAVA_INT,
                    JAVA_FLOAT,
                    ADDRESS,
                    JAVA_INT,
                    ADDRESS,
                    JAVA_INT,
                    JAVA_FLOAT,
                    ADDRESS,
                    JAVA_INT));
  }

  /** {@code C = A · B} (alpha 1, beta 0). */
  public void multiply() {
    try {
      sgemm.invokeExact(ROW_MAJOR, NO_TRANS, NO_TRANS, n, n, n, 1f, a, n, b, n, 0f, c, n);
    } catch (Throwable e) {
      throw new IllegalStateException("OpenBlasDirect: cblas_sgemm failed", e);
    }
  }

  /** A heap copy of C. */
  public float[] result() {
    float[] out = new float[n * n];
    MemorySegment.ofArray(out).copyFrom(c);
    return out;
  }

  /** Frees the off-heap operands. */
  @Override
  public void close() {
    arena.close();
  }
}
