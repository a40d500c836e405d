package dev.kiln.backend.cpu;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.cpu.blas.NativeBlas;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * The batched matrix product behind {@link CpuBackend#matmul}: float32 and float64 go to OpenBLAS
 * ({@link NativeBlas}) when it is loaded and the product is not tiny, float32 otherwise to the Java
 * GEMM of {@link CpuKernels}, other dtypes to a generic loop.
 *
 * <p>No operand is copied when each of its matrices has contiguous rows or contiguous columns: BLAS
 * gets the second kind as a transpose flag with its leading dimension ({@code x.matmul(w.t())} in
 * {@code Linear} is one such call). Only other layouts are copied for BLAS; the Java GEMM packs its
 * panels from any strides.
 */
final class CpuMatmul {
  /**
   * Multiply-adds below which a product stays in Java: measured crossover 16^3 (520 ns either way;
   * 8^3: Java 210 ns, OpenBLAS 450 ns; 32^3: Java 1.3 us, OpenBLAS 0.8 us).
   */
  static final long NATIVE_MIN_MACS = 1 << 12;

  /**
   * Multiply-adds per matrix below which a batch of products is split across Kiln's threads, each
   * product on single-threaded OpenBLAS ({@link NativeBlas#serially}), rather than run one after
   * another on OpenBLAS's threads (each hand-off to its worker costs a wake-up): 2^27 (a 512^3
   * product). Measured on the 2-core VM, W4's 64 attention products of 128x128x64 in one call: 2.6
   * ms one after another on 2-threaded OpenBLAS, 0.8 to 1.2 ms split.
   */
  static final long NATIVE_SPLIT_MACS = 1L << 27;

  /**
   * Whether single large products with a small dimension ({@link #SPLIT_ROWS_MAX_SMALL_DIM}) are
   * split into row blocks across Kiln's threads, each on single-threaded OpenBLAS, instead of
   * running on OpenBLAS's own two threads: the system property {@code kiln.blas.splitRows}, default
   * on ({@code false} turns it off). Why: OpenBLAS's caller and worker spin-wait for each other, so
   * when another process takes a core a product can take 20x longer; Kiln's pool blocks instead.
   * Measured on the 2-core VM, whole steps in one JVM with the setting flipped per sample (medians
   * of 9-11, off → on): under load (load average 2.5-3.6) W4 241 → 136 ms, W3 172 → 49 ms, W2 train
   * 57 → 10 ms, W1 1024 36 → 24 ms; on the quieter machine (load ≈ 2, i.e. the two cores just busy)
   * W4 93-121 → 94-111 ms, W2 6.7-8.9 → 7.2-8.4 ms, W3 32-58 → 30-48 ms (within the noise), while
   * W1 at 512 and 1024 loses up to 15 % (best of 11, three runs: 512 1.07-1.63 → 1.15-1.61 ms, 1024
   * 6.8-11.2 → 7.7-11.8 ms; 2048 alike; 256 is below {@link #SPLIT_ROWS_MIN_MACS}). Splitting each
   * half further into chunks taken from a shared counter ({@link Parallel#parallelForShared}) was
   * slower still (W4 93 → 117 ms, W1 2048 64 → 95 ms).
   */
  static final boolean SPLIT_ROWS =
      Boolean.parseBoolean(System.getProperty("kiln.blas.splitRows", "true"));

  /**
   * Multiply-adds from which {@link #SPLIT_ROWS} splits a product: 2^25 (W2's 128x512x512). Below
   * it the hand-off to Kiln's pool outweighs the gain on a quiet machine: W1 256 (2^24) took 0.21
   * and 0.28 ms unsplit against 0.34 and 0.49 ms split (best of 11, two runs); at 512 the two were
   * within 7 %.
   */
  static final long SPLIT_ROWS_MIN_MACS = 1L << 25;

  /**
   * The largest smallest dimension of a product that {@link #SPLIT_ROWS} splits: 256. Products of
   * training steps have a batch, feature or head dimension this small (W2 128, W3 64/128, W4 256:
   * every single product of W2–W4 is split as before), while large square products run faster on
   * OpenBLAS's own two threads on a machine that is not overloaded. Measured on the 2-core VM
   * (2026-11-24, load 2-3 from the neighbours), one JVM, split and unsplit alternating, median of
   * 15 paired ratios to {@code cblas_sgemm} on 64-byte-aligned off-heap memory, two runs: n = 512
   * split 0.99 / 0.94, unsplit 1.04 / 1.04; 1024 split 1.02 / 0.97, unsplit 1.11 / 1.04; 2048 split
   * 0.92 / 0.91, unsplit 0.93 / 0.95. What this gives up: under heavy load (load average above 2.5)
   * a large square product may again take OpenBLAS's spin-wait penalty (W1 1024 was 36 ms unsplit
   * against 24 ms split in the previous session's loaded runs).
   */
  static final int SPLIT_ROWS_MAX_SMALL_DIM = 256;

  /**
   * Multiply-adds per parallel chunk of Java GEMM rows, below which a product stays on one thread.
   */
  private static final int GRAIN_MACS = 1 << 20;

  private CpuMatmul() {}

  /** How BLAS reads one stored matrix: as is or transposed, with its leading dimension. */
  record Layout(boolean trans, int ld) {
    /**
     * The layout of a {@code rows x cols} matrix with strides {@code rs, cs}, or null when neither
     * its rows nor its columns are contiguous (or rows repeat with stride 0).
     */
    static Layout of(int rows, int cols, int rs, int cs) {
      if ((cols == 1 || cs == 1) && (rows == 1 || rs >= Math.max(1, cols))) {
        return new Layout(false, rows == 1 ? Math.max(1, cols) : rs);
      }
      if ((rows == 1 || rs == 1) && (cols == 1 || cs >= Math.max(1, rows))) {
        return new Layout(true, cols == 1 ? Math.max(1, rows) : cs);
      }
      return null;
    }
  }

  /**
   * {@code out [B, M, N] = a [B, M, K] @ b [B, K, N]} (see {@link CpuBackend#matmul}), on OpenBLAS
   * when {@code useNative} and it is loaded.
   */
  static void run(CpuKernels kernels, boolean useNative, Tensor a, Tensor b, Tensor out) {
    int batch = a.size(0);
    int m = a.size(1);
    int k = a.size(2);
    int n = b.size(2);
    if (batch == 0 || m == 0 || n == 0) {
      return;
    }
    DType t = a.dtype();
    boolean floating = t == DType.FLOAT32 || t == DType.FLOAT64;
    if (floating && useNative && NativeBlas.available() && (long) m * n * k >= NATIVE_MIN_MACS) {
      runNative(a, b, out, batch, m, n, k);
    } else if (t == DType.FLOAT32) {
      runJava(kernels, a, b, out, batch, m, n, k);
    } else {
      runGeneric(a, b, out, batch, m, n, k);
    }
  }

  /**
   * {@link #runNative(Tensor, Tensor, Tensor, int, int, int, int, boolean)} with rows split as
   * {@link #SPLIT_ROWS} says, from {@link #SPLIT_ROWS_MIN_MACS} multiply-adds per product and when
   * one dimension is at most {@link #SPLIT_ROWS_MAX_SMALL_DIM}.
   */
  private static void runNative(Tensor a, Tensor b, Tensor out, int batch, int m, int n, int k) {
    runNative(a, b, out, batch, m, n, k, splitsRows(m, n, k));
  }

  /** Whether a single {@code m x k @ k x n} product is split into row blocks. */
  static boolean splitsRows(int m, int n, int k) {
    return SPLIT_ROWS
        && (long) m * n * k >= SPLIT_ROWS_MIN_MACS
        && Math.min(m, Math.min(n, k)) <= SPLIT_ROWS_MAX_SMALL_DIM;
  }

  /**
   * The product on OpenBLAS; with {@code splitRows}, a single large product (or a batch smaller
   * than the thread count) is split into row blocks, one per Kiln thread, each on single-threaded
   * OpenBLAS.
   */
  static void runNative(
      Tensor a, Tensor b, Tensor out, int batch, int m, int n, int k, boolean splitRows) {
    Layout la = Layout.of(m, k, a.stride(1), a.stride(2));
    if (la == null) {
      a = a.contiguous();
      la = Layout.of(m, k, a.stride(1), a.stride(2));
    }
    Layout lb = Layout.of(k, n, b.stride(1), b.stride(2));
    if (lb == null) {
      b = b.contiguous();
      lb = Layout.of(k, n, b.stride(1), b.stride(2));
    }
    Layout lc = Layout.of(m, n, out.stride(1), out.stride(2));
    if (lc == null || lc.trans()) {
      Tensor tmp = Tensor.empty(out.dtype(), batch, m, n);
      runNative(a, b, tmp, batch, m, n, k, splitRows);
      out.copy_(tmp);
      return;
    }
    Tensor fa = a;
    Tensor fb = b;
    Layout fla = la;
    Layout flb = lb;
    int ldc = lc.ld();
    boolean dbl = a.dtype() == DType.FLOAT64;
    // rows [r0, r0 + rows) of product i
    RowsBody product =
        (i, r0, rows) -> {
          int ao = fa.storageOffset() + i * fa.stride(0) + (fla.trans() ? r0 : r0 * fla.ld());
          int bo = fb.storageOffset() + i * fb.stride(0);
          int co = out.storageOffset() + i * out.stride(0) + r0 * ldc;
          if (dbl) {
            NativeBlas.dgemm(
                fla.trans(),
                flb.trans(),
                rows,
                n,
                k,
                (double[]) fa.storage().array(),
                ao,
                fla.ld(),
                (double[]) fb.storage().array(),
                bo,
                flb.ld(),
                (double[]) out.storage().array(),
                co,
                ldc);
          } else {
            NativeBlas.sgemm(
                fla.trans(),
                flb.trans(),
                rows,
                n,
                k,
                (float[]) fa.storage().array(),
                ao,
                fla.ld(),
                (float[]) fb.storage().array(),
                bo,
                flb.ld(),
                (float[]) out.storage().array(),
                co,
                ldc);
          }
        };
    long macs = (long) m * n * k;
    int grain = (int) Math.max(1, GRAIN_MACS / macs);
    int threads = Parallel.getNumThreads();
    if (threads > 1 && macs < NATIVE_SPLIT_MACS && batch >= 2 * grain) {
      NativeBlas.serially(
          () ->
              Parallel.parallelFor(
                  batch,
                  grain,
                  (start, end) -> {
                    for (int i = start; i < end; i++) {
                      product.run(i, 0, m);
                    }
                  }));
    } else if (threads > 1 && splitRows && batch < threads) {
      int rowGrain = Math.max(1, m / threads);
      NativeBlas.serially(
          () ->
              Parallel.parallelFor(
                  m,
                  rowGrain,
                  (start, end) -> {
                    for (int i = 0; i < batch; i++) {
                      product.run(i, start, end - start);
                    }
                  }));
    } else {
      for (int i = 0; i < batch; i++) {
        product.run(i, 0, m);
      }
    }
  }

  /** Rows {@code [r0, r0 + rows)} of product {@code i} of a batch. */
  @FunctionalInterface
  private interface RowsBody {
    void run(int i, int r0, int rows);
  }

  private static void runJava(
      CpuKernels kernels, Tensor a, Tensor b, Tensor out, int batch, int m, int n, int k) {
    if (out.stride(2) != 1 && n > 1) {
      Tensor tmp = Tensor.empty(DType.FLOAT32, batch, m, n);
      runJava(kernels, a, b, tmp, batch, m, n, k);
      out.copy_(tmp);
      return;
    }
    float[] aa = (float[]) a.storage().array();
    float[] ba = (float[]) b.storage().array();
    float[] oa = (float[]) out.storage().array();
    int[] as = a.strides();
    int[] bs = b.strides();
    int[] os = out.strides();
    // rows of all batches form one range, split across threads; a chunk may span batches
    int grainRows = (int) Math.max(1, GRAIN_MACS / Math.max(1L, (long) n * k));
    Parallel.parallelFor(
        batch * m,
        grainRows,
        (start, end) -> {
          for (int r = start; r < end; ) {
            int bi = r / m;
            int i = r % m;
            int rows = Math.min(end - r, m - i);
            kernels.gemm(
                aa,
                a.storageOffset() + bi * as[0] + i * as[1],
                as[1],
                as[2],
                ba,
                b.storageOffset() + bi * bs[0],
                bs[1],
                bs[2],
                oa,
                out.storageOffset() + bi * os[0] + i * os[1],
                os[1],
                rows,
                n,
                k);
            r += rows;
          }
        });
  }

  private static void runGeneric(Tensor a, Tensor b, Tensor out, int batch, int m, int n, int k) {
    Storage as = a.storage();
    Storage bs = b.storage();
    Storage os = out.storage();
    DType t = a.dtype();
    for (int bi = 0; bi < batch; bi++) {
      int ao = a.storageOffset() + bi * a.stride(0);
      int bo = b.storageOffset() + bi * b.stride(0);
      int oo = out.storageOffset() + bi * out.stride(0);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          int ai = ao + i * a.stride(1);
          int bj = bo + j * b.stride(2);
          int oij = oo + i * out.stride(1) + j * out.stride(2);
          if (t.isFloatingPoint()) {
            double acc = 0;
            for (int p = 0; p < k; p++) {
              acc += as.getDouble(ai + p * a.stride(2), t) * bs.getDouble(bj + p * b.stride(1), t);
            }
            os.setDouble(oij, acc, t);
          } else {
            // integers multiply exactly and wrap on overflow, as PyTorch's int64 matmul
            long acc = 0;
            for (int p = 0; p < k; p++) {
              acc += as.getLong(ai + p * a.stride(2), t) * bs.getLong(bj + p * b.stride(1), t);
            }
            os.setLong(oij, acc, t);
          }
        }
      }
    }
  }
}
