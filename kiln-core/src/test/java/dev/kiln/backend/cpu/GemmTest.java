package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.backend.Backend;
import dev.kiln.backend.Backends;
import dev.kiln.backend.cpu.blas.NativeBlas;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every GEMM path against a float64 reference: OpenBLAS called directly (float32 and float64, when
 * a library is loaded), the Vector API and plain-Java kernels, and {@code Backend.matmul} on
 * transposed, padded, strided, broadcast and batched operands, at odd sizes (0, 1, 7, 17, 1023
 * mixes) and sizes that cross the Java GEMM's MC/KC/NC blocks; one-row products (m = 1, the Vector
 * API's matrix-vector path) with B stored either way.
 *
 * <p>Tolerance: the classic bound for a length-k dot product, {@code |got - ref| <= (k + 1) * eps *
 * sum_p |a_ip b_pj|}, with eps = 2^-23 (float32) or 2^-52 (float64): any summation order and FMA or
 * not stays within it, while one wrong or missing term does not.
 */
class GemmTest {
  static final int[] SMALL = {0, 1, 7, 17};
  static final int[][] LARGE = {
    {1023, 17, 7},
    {7, 1023, 17},
    {17, 7, 1023},
    {1, 1023, 1023},
    {1023, 1, 300},
    {100, 1030, 300},
    {1, 512, 784},
    {1, 13, 1030},
    {1, 1, 33}
  };

  /**
   * A stored operand: logical {@code rows x cols}, stored as is or transposed, with padded rows.
   */
  record Stored(int rows, int cols, boolean trans, int off, int ld, double[] values) {
    static Stored of(int rows, int cols, boolean trans, long seed) {
      int storedCols = trans ? rows : cols;
      int storedRows = trans ? cols : rows;
      int ld = storedCols + 3;
      int off = 5;
      double[] v = new double[off + storedRows * ld + 2];
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextDouble() * 2 - 1);
      }
      return new Stored(rows, cols, trans, off, ld, v);
    }

    int rowStride() {
      return trans ? 1 : ld;
    }

    int colStride() {
      return trans ? ld : 1;
    }

    double at(int i, int j) {
      return values[off + i * rowStride() + j * colStride()];
    }

    float[] floats() {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      return f;
    }
  }

  /** One way to compute C (m x n, row stride n + 2, offset 3) from stored A and B. */
  interface Path {
    double[] run(Stored a, Stored b, int m, int n, int k);
  }

  static List<int[]> sizes() {
    List<int[]> all = new ArrayList<>(Arrays.asList(LARGE));
    for (int m : SMALL) {
      for (int n : SMALL) {
        for (int k : SMALL) {
          all.add(new int[] {m, n, k});
        }
      }
    }
    return all;
  }

  /** A named path and its tolerance's eps. */
  record Named(String name, Path path, double eps) {}

  /** Runs every path on every size and transpose mix; the float64 reference is computed once. */
  static void checkAll(List<Named> paths) {
    for (int[] s : sizes()) {
      for (int t = 0; t < 4; t++) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        Stored a = Stored.of(m, k, (t & 1) != 0, 31L * m + k);
        Stored b = Stored.of(k, n, (t & 2) != 0, 17L * n + k + 1);
        double[] ref = new double[m * n];
        double[] abs = new double[m * n];
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
              double v = a.at(i, p) * b.at(p, j);
              ref[i * n + j] += v;
              abs[i * n + j] += Math.abs(v);
            }
          }
        }
        for (Named path : paths) {
          double[] c = path.path.run(a, b, m, n, k);
          String what =
              path.name + " " + m + "x" + k + "x" + n + " transA=" + a.trans + " transB=" + b.trans;
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double got = c[3 + i * (n + 2) + j];
              double want = ref[i * n + j];
              if (!(Math.abs(got - want) <= (k + 1) * path.eps * abs[i * n + j])) {
                fail(what + " C[" + i + "," + j + "]: " + got + " vs " + want);
              }
            }
          }
          for (int i = 0; i < 3; i++) {
            assertEquals(Double.NaN, c[i], what + ": wrote before C");
          }
          for (int i = 0; i < m; i++) {
            assertEquals(Double.NaN, c[3 + i * (n + 2) + n], what + ": wrote between rows of C");
          }
        }
      }
    }
  }

  interface Entry {
    double at(int i, int j);
  }

  static void check(
      String what,
      double[] c,
      int cOff,
      int ldc,
      int m,
      int n,
      int k,
      Entry a,
      Entry b,
      double eps) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double ref = 0;
        double abs = 0;
        for (int p = 0; p < k; p++) {
          double t = a.at(i, p) * b.at(p, j);
          ref += t;
          abs += Math.abs(t);
        }
        double got = c[cOff + i * ldc + j];
        if (!(Math.abs(got - ref) <= (k + 1) * eps * abs)) {
          fail(what + " C[" + i + "," + j + "]: " + got + " vs " + ref);
        }
      }
    }
  }

  static float[] nanC(int m, int n) {
    float[] c = new float[3 + Math.max(m, 1) * (n + 2)];
    Arrays.fill(c, Float.NaN);
    return c;
  }

  static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  static Path kernelPath(CpuKernels kernels) {
    return (a, b, m, n, k) -> {
      float[] c = nanC(m, n);
      kernels.gemm(
          a.floats(),
          a.off,
          a.rowStride(),
          a.colStride(),
          b.floats(),
          b.off,
          b.rowStride(),
          b.colStride(),
          c,
          3,
          n + 2,
          m,
          n,
          k);
      return widen(c);
    };
  }

  @Test
  void gemmPathsAgreeWithFloat64() {
    List<Named> paths = new ArrayList<>();
    paths.add(new Named("scalar", kernelPath(CpuKernelsProvider.scalar()), 0x1p-23));
    CpuKernelsProvider.vector()
        .ifPresent(v -> paths.add(new Named("vector", kernelPath(v), 0x1p-23)));
    if (NativeBlas.available()) {
      paths.add(new Named("sgemm", GemmTest::sgemm, 0x1p-23));
      paths.add(new Named("dgemm", GemmTest::dgemm, 0x1p-52));
    }
    checkAll(paths);
  }

  static double[] sgemm(Stored a, Stored b, int m, int n, int k) {
    float[] c = nanC(m, n);
    NativeBlas.sgemm(
        a.trans, b.trans, m, n, k, a.floats(), a.off, a.ld, b.floats(), b.off, b.ld, c, 3, n + 2);
    return widen(c);
  }

  static double[] dgemm(Stored a, Stored b, int m, int n, int k) {
    double[] c = new double[3 + Math.max(m, 1) * (n + 2)];
    Arrays.fill(c, Double.NaN);
    NativeBlas.dgemm(
        a.trans, b.trans, m, n, k, a.values, a.off, a.ld, b.values, b.off, b.ld, c, 3, n + 2);
    return c;
  }

  @Test
  void layoutsPassTransposesAndLeadingDimensions() {
    // row-contiguous with padding: as is, ld = row stride
    assertEquals(new CpuMatmul.Layout(false, 12), CpuMatmul.Layout.of(5, 7, 12, 1));
    // column-contiguous (a transposed view such as w.t()): a transpose flag, no copy
    assertEquals(new CpuMatmul.Layout(true, 9), CpuMatmul.Layout.of(5, 7, 1, 9));
    // size-1 dims may carry any stride
    assertEquals(new CpuMatmul.Layout(false, 7), CpuMatmul.Layout.of(1, 7, 0, 1));
    assertEquals(new CpuMatmul.Layout(false, 3), CpuMatmul.Layout.of(5, 1, 3, 42));
    // neither rows nor columns contiguous, or repeated rows: BLAS cannot read it in place
    assertNull(CpuMatmul.Layout.of(5, 7, 14, 2));
    assertNull(CpuMatmul.Layout.of(5, 7, 0, 1));
  }

  /** Logical [B, rows, cols] operands in several memory layouts, from one generator. */
  static List<Function<Generator, Tensor>> layouts(DType t, int batch, int rows, int cols) {
    return List.of(
        g -> Tensor.rand(g, t, batch, rows, cols),
        g -> Tensor.rand(g, t, batch, cols, rows).mT(),
        g -> Tensor.rand(g, t, batch, rows, cols + 3).narrow(2, 0, cols),
        g -> Tensor.rand(g, t, batch, rows, 2 * cols).slice(2, 0, 2 * cols, 2),
        g -> Tensor.rand(g, t, 1, rows, cols).expand(batch, rows, cols),
        g -> Tensor.rand(g, t, batch, cols, rows + 5).narrow(2, 0, rows).mT());
  }

  @Test
  void matmulReadsEveryLayout() {
    Backend cpu = Backends.of(Device.CPU);
    CpuKernels kernels = CpuKernelsProvider.get();
    // on OpenBLAS (when loaded) through the backend, then on the Java GEMM / generic loop
    matmulReadsEveryLayout(cpu::matmul);
    matmulReadsEveryLayout((a, b, out) -> CpuMatmul.run(kernels, false, a, b, out));
    if (NativeBlas.available()) {
      // single products split into row blocks on single-threaded OpenBLAS or not, whichever
      // kiln.blas.splitRows chose for the backend
      for (boolean split : new boolean[] {true, false}) {
        matmulReadsEveryLayout(
            (a, b, out) -> {
              if (a.numel() == 0 || b.numel() == 0) {
                cpu.matmul(a, b, out);
              } else {
                CpuMatmul.runNative(a, b, out, a.size(0), a.size(1), b.size(2), a.size(2), split);
              }
            });
      }
    }
  }

  @Test
  void rowSplittingTakesProductsWithASmallDimension() {
    // W2's 128 x 784 x 512 and W4's 2048 x 256 x 1024 are split; W1's square products are not
    assertEquals(CpuMatmul.SPLIT_ROWS, CpuMatmul.splitsRows(128, 512, 784));
    assertEquals(CpuMatmul.SPLIT_ROWS, CpuMatmul.splitsRows(2048, 1024, 256));
    assertFalse(CpuMatmul.splitsRows(512, 512, 512));
    assertFalse(CpuMatmul.splitsRows(2048, 2048, 2048));
    assertFalse(CpuMatmul.splitsRows(256, 256, 256));
  }

  interface Matmul {
    void run(Tensor a, Tensor b, Tensor out);
  }

  static void matmulReadsEveryLayout(Matmul matmul) {
    Backend cpu = Backends.of(Device.CPU);
    Generator g = new Generator(7);
    // {8, 64, 65, 63}: a batch that is split across threads on single-threaded OpenBLAS;
    // {1, 130, 129, 131}: a product split into row blocks when asked to
    int[][] shapes = {
      {3, 17, 33, 40},
      {2, 1, 1023, 7},
      {2, 64, 70, 90},
      {1, 7, 0, 5},
      {8, 64, 65, 63},
      {1, 130, 129, 131}
    };
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      double eps = t == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
      for (int[] s : shapes) {
        int batch = s[0];
        int m = s[1];
        int k = s[2];
        int n = s[3];
        for (Function<Generator, Tensor> la : layouts(t, batch, m, k)) {
          for (Function<Generator, Tensor> lb : layouts(t, batch, k, n)) {
            Tensor a = la.apply(g);
            Tensor b = lb.apply(g);
            Tensor out = Tensor.empty(t, batch, m, n);
            cpu.fill(out, Double.NaN);
            matmul.run(a, b, out);
            double[] av = a.toDoubleArray();
            double[] bv = b.toDoubleArray();
            double[] cv = out.toDoubleArray();
            for (int bi = 0; bi < batch; bi++) {
              int ao = bi * m * k;
              int bo = bi * k * n;
              check(
                  t
                      + " "
                      + Arrays.toString(s)
                      + " strides "
                      + Arrays.toString(a.strides())
                      + " @ "
                      + Arrays.toString(b.strides()),
                  cv,
                  bi * m * n,
                  n,
                  m,
                  n,
                  k,
                  (i, p) -> av[ao + i * k + p],
                  (p, j) -> bv[bo + p * n + j],
                  eps);
            }
          }
        }
      }
    }
  }

  @Test
  void linearAndBroadcastMatmulMatchTheReference() {
    // Linear's x.matmul(w.t()) and a batch broadcast against one matrix, through Tensor.matmul
    Generator g = new Generator(3);
    Tensor x = Tensor.rand(g, DType.FLOAT32, 4, 5, 300);
    Tensor w = Tensor.rand(g, DType.FLOAT32, 70, 300);
    Tensor y = x.matmul(w.t());
    assertEquals(List.of(4, 5, 70), Arrays.stream(y.shape()).boxed().toList());
    double[] xv = x.toDoubleArray();
    double[] wv = w.toDoubleArray();
    check(
        "linear",
        y.toDoubleArray(),
        0,
        70,
        20,
        70,
        300,
        (i, p) -> xv[i * 300 + p],
        (p, j) -> wv[j * 300 + p],
        0x1p-23);
  }
}
