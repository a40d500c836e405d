package dev.kiln.backend.cpu.blas;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.kiln.backend.Parallel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Row-major {@code cblas_sgemm} / {@code cblas_dgemm} of OpenBLAS through the FFM API, chosen once
 * per JVM by the system property {@code kiln.blas}: {@code bundled} (the library inside the {@code
 * org.bytedeco:openblas} jar), {@code system} ({@code libopenblas.so.0} on the loader path), {@code
 * off} (Java kernels only), or unset: bundled, else system, else off. The choice is logged in one
 * line.
 *
 * <p>Operands stay in their heap arrays. A call of at most {@link #CRITICAL_MAX_MACS} multiply-adds
 * passes them directly ({@code Linker.Option.critical(true)}): no copy, but no safepoint (so no GC)
 * can happen until the call returns. A longer call copies them into reused per-thread off-heap
 * buffers and C back. Measured here (2 cores, bundled OpenBLAS): the three copies take 0.04, 0.31,
 * 1.35 and 6.2 ms at n = 256, 512, 1024, 2048, i.e. 24 %, 30 %, ~17 % and ~10 % of the product
 * (0.18 ms, 1.0 ms, and ~8 / ~60 ms at 270 GFLOP/s): too much for W1's 95 % target. OpenBLAS's
 * thread count follows {@link Parallel#getNumThreads()}, set when it changes and never per call
 * (setting it per call collapses 2-thread speed).
 *
 * <p>What a call costs beside OpenBLAS's own work, measured on the 2-core VM (one JVM, variants
 * interleaved, medians of 31-61 rounds, 2026-11-24): about 0.3 us per call for wrapping the three
 * heap arrays ({@code MemorySegment.ofArray} per call; the same downcall on segments that already
 * exist costs nothing extra), and nothing for the critical option itself (a critical and a plain
 * downcall on the same off-heap memory: ratio 0.999 at n = 256). Where the heap arrays lie costs at
 * most a few percent at n = 256, 2 threads (a heap array's elements start 16 bytes past an
 * 8-byte-aligned object, so they are rarely 64-byte aligned): heap A, B, C placed at 0 mod 64
 * against 16, 32 or 48 mod 64 ran at 0.996 against 0.96-0.97 of the off-heap yardstick in one run,
 * at 0.99-1.03 all in the next, and a heap C at 0.98-1.0 in a third, where two identical yardstick
 * calls differ by up to 2 %. Computing C's misaligned leading columns as a second call, so that the
 * rest is aligned, costs more than it could gain (the 12-column strip alone takes 25 us of the 160
 * us product).
 */
public final class NativeBlas {
  private static final System.Logger LOG = System.getLogger("dev.kiln");
  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;

  /**
   * Multiply-adds up to which a call passes heap arrays without copying: 2^33 (a 2048^3 product,
   * tens of milliseconds of holding off the GC on two cores), or the system property {@code
   * kiln.blas.criticalMaxMacs} (0: always copy). Kiln's own threads wait for the GEMM anyway, so
   * the hold-off only delays other application threads that need a GC meanwhile.
   */
  public static final long CRITICAL_MAX_MACS = Long.getLong("kiln.blas.criticalMaxMacs", 1L << 33);

  private static final Linker LINKER = Linker.nativeLinker();
  private static final String ORIGIN;
  private static final SymbolLookup SYMBOLS;
  private static final MethodHandle SGEMM;
  private static final MethodHandle SGEMM_CRITICAL;
  private static final MethodHandle DGEMM;
  private static final MethodHandle DGEMM_CRITICAL;
  private static final MethodHandle SET_THREADS;
  private static volatile int threadsSet;
  private static int serialCallers;
  private static SymbolLookup bundled;

  static {
    BlasLibrary.Opened lib = open(System.getProperty("kiln.blas", ""));
    SYMBOLS = lib == null ? null : lib.symbols();
    ORIGIN = lib == null ? null : lib.origin();
    SGEMM = SYMBOLS == null ? null : gemm("cblas_sgemm", JAVA_FLOAT, false);
    SGEMM_CRITICAL = SYMBOLS == null ? null : gemm("cblas_sgemm", JAVA_FLOAT, true);
    DGEMM = SYMBOLS == null ? null : gemm("cblas_dgemm", JAVA_DOUBLE, false);
    DGEMM_CRITICAL = SYMBOLS == null ? null : gemm("cblas_dgemm", JAVA_DOUBLE, true);
    SET_THREADS =
        SYMBOLS == null
            ? null
            : LINKER.downcallHandle(
                SYMBOLS.findOrThrow("openblas_set_num_threads"),
                FunctionDescriptor.ofVoid(JAVA_INT));
    if (SYMBOLS != null) {
      LOG.log(
          System.Logger.Level.INFO,
          "Kiln: GEMM on OpenBLAS (" + ORIGIN + ", " + config() + "); -Dkiln.blas=off for Java");
    }
  }

  private NativeBlas() {}

  private static BlasLibrary.Opened open(String mode) {
    String why;
    try {
      switch (mode) {
        case "off" -> {
          LOG.log(System.Logger.Level.INFO, "Kiln: GEMM on Java kernels (-Dkiln.blas=off)");
          return null;
        }
        case "system" -> {
          return complete(BlasLibrary.system());
        }
        case "bundled" -> {
          return complete(BlasLibrary.bundled());
        }
        case "" -> {
          try {
            return complete(BlasLibrary.bundled());
          } catch (Exception | LinkageError e) {
            return complete(BlasLibrary.system());
          }
        }
        default -> why = "unknown -Dkiln.blas=" + mode + " (expected system, bundled or off)";
      }
    } catch (Exception | LinkageError e) {
      why = e.toString();
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "Kiln: no OpenBLAS, GEMM runs on the slower Java kernels: "
            + why
            + ". Put org.bytedeco:openblas:linux-x86_64 on the class path or install"
            + " libopenblas0.");
    return null;
  }

  /** {@code lib}, once it is known to export every function Kiln calls. */
  private static BlasLibrary.Opened complete(BlasLibrary.Opened lib) {
    for (String f : new String[] {"cblas_sgemm", "cblas_dgemm", "openblas_set_num_threads"}) {
      if (lib.symbols().find(f).isEmpty()) {
        throw new IllegalStateException(lib.origin() + " does not export " + f);
      }
    }
    return lib;
  }

  private static MethodHandle gemm(String name, ValueLayout scalar, boolean critical) {
    FunctionDescriptor d =
        FunctionDescriptor.ofVoid(
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, scalar, ADDRESS, JAVA_INT,
            ADDRESS, JAVA_INT, scalar, ADDRESS, JAVA_INT);
    MemorySegment fn = SYMBOLS.findOrThrow(name);
    return critical
        ? LINKER.downcallHandle(fn, d, Linker.Option.critical(true))
        : LINKER.downcallHandle(fn, d);
  }

  private static String config() {
    try {
      MethodHandle h =
          LINKER.downcallHandle(
              SYMBOLS.findOrThrow("openblas_get_config"), FunctionDescriptor.of(ADDRESS));
      MemorySegment s = (MemorySegment) h.invokeExact();
      return s.reinterpret(Integer.MAX_VALUE).getString(0);
    } catch (Throwable e) {
      return "version unknown";
    }
  }

  /** Whether OpenBLAS was loaded. */
  public static boolean available() {
    return SYMBOLS != null;
  }

  /** The loaded library's symbols, for callers (benchmarks) that call OpenBLAS themselves. */
  public static Optional<SymbolLookup> symbols() {
    return Optional.ofNullable(SYMBOLS);
  }

  /**
   * The bundled {@code org.bytedeco:openblas} library's symbols, opened even when Kiln's GEMM runs
   * on Java ({@code -Dkiln.blas=off}) or on the system library: for benchmarks that compare Kiln's
   * Java GEMM with OpenBLAS in one run. Empty when that jar is not on the class path or cannot be
   * extracted. Kiln's own products never use it.
   */
  public static synchronized Optional<SymbolLookup> bundledSymbols() {
    if (bundled == null) {
      try {
        bundled = complete(BlasLibrary.bundled()).symbols();
      } catch (Exception | LinkageError e) {
        return Optional.empty();
      }
    }
    return Optional.of(bundled);
  }

  /** Where the library came from and its build configuration, or "off". */
  public static String description() {
    return SYMBOLS == null ? "off" : ORIGIN + ", " + config();
  }

  /** Gives OpenBLAS Kiln's thread count when that changed since the last call. */
  public static void syncThreads() {
    int t = Parallel.getNumThreads();
    if (t != threadsSet) {
      setThreads(t);
    }
  }

  private static synchronized void setThreads(int t) {
    if (t == threadsSet) {
      return;
    }
    if (serialCallers == 0) {
      callSetThreads(t);
    }
    threadsSet = t;
  }

  /**
   * Runs {@code body} with OpenBLAS single-threaded, for callers that split a batch of products (or
   * one product's rows) across Kiln's own threads: each call then runs whole on the thread that
   * makes it, with no hand-off to OpenBLAS's worker. Nested and concurrent uses are counted; the
   * thread count comes back when the last one ends. Another thread's GEMM issued meanwhile also
   * runs single-threaded (slower, never wrong). Measured on the 2-core VM (W4's 64 attention
   * products of 128x128x64): 2.6 ms one after another on 2-threaded OpenBLAS, 0.8 ms split over 2
   * Kiln threads.
   */
  public static void serially(Runnable body) {
    syncThreads();
    enterSerial();
    try {
      body.run();
    } finally {
      exitSerial();
    }
  }

  private static synchronized void enterSerial() {
    if (serialCallers++ == 0 && threadsSet != 1) {
      callSetThreads(1);
    }
  }

  private static synchronized void exitSerial() {
    if (--serialCallers == 0 && threadsSet != 1) {
      callSetThreads(threadsSet);
    }
  }

  private static void callSetThreads(int t) {
    try {
      SET_THREADS.invokeExact(t);
    } catch (Throwable e) {
      throw new IllegalStateException("openblas_set_num_threads(" + t + ") failed", e);
    }
  }

  /**
   * {@code C = op(A) op(B)} in float32, row-major, where {@code op(X)} is X or its transpose: A is
   * {@code m x k} ({@code k x m} stored when {@code transA}), B is {@code k x n} ({@code n x k}
   * stored when {@code transB}), C is {@code m x n}, each with its leading dimension (the stride
   * between stored rows). C is overwritten (beta = 0).
   *
   * @throws IllegalStateException when no library is loaded
   */
  public static void sgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc) {
    gemm(
        false,
        new Call(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc),
        MemorySegment.ofArray(a),
        MemorySegment.ofArray(b),
        MemorySegment.ofArray(c));
  }

  /** {@link #sgemm} in float64. */
  public static void dgemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double[] a,
      int aOff,
      int lda,
      double[] b,
      int bOff,
      int ldb,
      double[] c,
      int cOff,
      int ldc) {
    gemm(
        true,
        new Call(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc),
        MemorySegment.ofArray(a),
        MemorySegment.ofArray(b),
        MemorySegment.ofArray(c));
  }

  /**
   * One product on heap arrays (as segments): passed in place for calls up to {@link
   * #CRITICAL_MAX_MACS}, otherwise through the thread's reused off-heap buffers.
   */
  private static void gemm(
      boolean dbl, Call call, MemorySegment a, MemorySegment b, MemorySegment c) {
    ValueLayout elem = dbl ? JAVA_DOUBLE : JAVA_FLOAT;
    long size = elem.byteSize();
    MemorySegment sa = a.asSlice(size * call.aOff());
    MemorySegment sb = b.asSlice(size * call.bOff());
    MemorySegment sc = c.asSlice(size * call.cOff());
    if (call.critical()) {
      invoke(dbl ? DGEMM_CRITICAL : SGEMM_CRITICAL, dbl, call, sa, sb, sc);
      return;
    }
    Staged s = Staged.of(call, elem);
    MemorySegment.copy(sa, 0, s.a, 0, size * call.spanA());
    MemorySegment.copy(sb, 0, s.b, 0, size * call.spanB());
    if (call.ldc() != call.n()) {
      MemorySegment.copy(sc, 0, s.c, 0, size * call.spanC());
    }
    invoke(dbl ? DGEMM : SGEMM, dbl, call, s.a, s.b, s.c);
    MemorySegment.copy(s.c, 0, sc, 0, size * call.spanC());
  }

  private static void invoke(
      MethodHandle h, boolean dbl, Call c, MemorySegment a, MemorySegment b, MemorySegment out) {
    if (h == null) {
      throw new IllegalStateException("NativeBlas: no OpenBLAS loaded (" + description() + ")");
    }
    syncThreads();
    int ta = c.transA ? TRANS : NO_TRANS;
    int tb = c.transB ? TRANS : NO_TRANS;
    try {
      if (dbl) {
        h.invokeExact(ROW_MAJOR, ta, tb, c.m, c.n, c.k, 1.0, a, c.lda, b, c.ldb, 0.0, out, c.ldc);
      } else {
        h.invokeExact(ROW_MAJOR, ta, tb, c.m, c.n, c.k, 1f, a, c.lda, b, c.ldb, 0f, out, c.ldc);
      }
    } catch (Throwable e) {
      throw new IllegalStateException("cblas gemm failed for " + c, e);
    }
  }

  /** One call's geometry. */
  private record Call(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      int aOff,
      int lda,
      int bOff,
      int ldb,
      int cOff,
      int ldc) {
    boolean critical() {
      return (long) m * n * k <= CRITICAL_MAX_MACS;
    }

    /** Elements from the first to the last of a stored {@code rows x cols} operand, plus one. */
    static int span(int rows, int cols, int ld) {
      return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
    }

    int spanA() {
      return transA ? span(k, m, lda) : span(m, k, lda);
    }

    int spanB() {
      return transB ? span(n, k, ldb) : span(k, n, ldb);
    }

    int spanC() {
      return span(m, n, ldc);
    }
  }

  /** The calling thread's off-heap copies of one call's operands (slices of a reused buffer). */
  private record Staged(MemorySegment a, MemorySegment b, MemorySegment c) {
    private static final ThreadLocal<MemorySegment[]> BUFFER =
        ThreadLocal.withInitial(() -> new MemorySegment[1]);

    static Staged of(Call call, ValueLayout elem) {
      long sa = align(call.spanA() * elem.byteSize());
      long sb = align(call.spanB() * elem.byteSize());
      long sc = align(call.spanC() * elem.byteSize());
      MemorySegment[] holder = BUFFER.get();
      if (holder[0] == null || holder[0].byteSize() < sa + sb + sc) {
        // the automatic arena frees the old buffer once this thread drops it
        holder[0] = Arena.ofAuto().allocate(sa + sb + sc, 64);
      }
      MemorySegment buf = holder[0];
      return new Staged(buf.asSlice(0, sa), buf.asSlice(sa, sb), buf.asSlice(sa + sb, sc));
    }

    private static long align(long bytes) {
      return (bytes + 63) & ~63L;
    }
  }
}
