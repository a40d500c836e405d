package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.backend.Backend;
import dev.kiln.backend.Backends;
import dev.kiln.backend.cpu.blas.NativeBlas;
import dev.kiln.bench.workloads.OpenBlasDirect;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * W1 (WORKLOADS.md): {@code C = A @ B}, n x n float32, {@code A = fill((n,n), 1, -1, 1)}, {@code B
 * = fill((n,n), 2, -1, 1)}, 2 threads, against its practical limit, OpenBLAS on the same cores:
 *
 * <ul>
 *   <li>{@code openblasDirect}: {@code cblas_sgemm} called through FFM on off-heap segments with C
 *       preallocated (the library Kiln loaded, with the same thread count): the limit.
 *   <li>{@code tensorMatmul}: {@code a.matmul(b, c)}, the user's call with C preallocated (as
 *       WORKLOADS.md W1 asks where the API allows it, like PyTorch's {@code out=}).
 *   <li>{@code tensorMatmulAllocating}: {@code a.matmul(b)}, allocating (and zeroing) C every step.
 *   <li>{@code backendMatmul}: the same product through {@code Backend.matmul} into the
 *       preallocated C, i.e. {@code tensorMatmul} without the op layer's checks.
 *   <li>{@code javaGemm1Thread}, {@code javaGemm2Threads}: {@code backendMatmul} in a JVM forked
 *       with {@code -Dkiln.blas=off}: Kiln's Vector API GEMM at 1 and 2 threads.
 * </ul>
 *
 * <p>{@link Report} prints GFLOP/s = 2 n^3 / time. Every trial checks five entries of C against a
 * float64 dot product (relative error below 1e-3).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules=jdk.incubator.vector",
      "--enable-native-access=ALL-UNNAMED",
      "-Xms2g",
      "-Xmx2g",
      "-XX:G1HeapRegionSize=32m",
      "-XX:+AlwaysPreTouch"
    })
public class W1Sgemm {
  /** Matrix size. */
  @Param({"256", "512", "1024", "2048"})
  public int n;

  private float[] av;
  private float[] bv;
  private Tensor a;
  private Tensor b;
  private Tensor c;
  private Tensor a3;
  private Tensor b3;
  private Tensor c3;
  private Backend backend;
  private OpenBlasDirect direct;

  /** Builds the inputs (not timed), sets the thread count and checks every variant once. */
  @Setup(Level.Trial)
  public void setup(BenchmarkParams params) {
    Kiln.setNumThreads(params.getBenchmark().endsWith("javaGemm1Thread") ? 1 : 2);
    av = WorkloadData.fill(n * n, 1, -1, 1);
    bv = WorkloadData.fill(n * n, 2, -1, 1);
    a = WorkloadData.tensor(av, n, n);
    b = WorkloadData.tensor(bv, n, n);
    a3 = a.view(1, n, n);
    b3 = b.view(1, n, n);
    c = WorkloadData.tensor(new float[n * n], n, n);
    c3 = c.view(1, n, n);
    backend = Backends.of(Device.CPU);
    check("tensorMatmul", tensorMatmul().toFloatArray());
    check("tensorMatmulAllocating", tensorMatmulAllocating().toFloatArray());
    check("backendMatmul", backendMatmul().toFloatArray());
    if (NativeBlas.available()) {
      NativeBlas.syncThreads();
      direct = new OpenBlasDirect(av, bv, n);
      direct.multiply();
      check("openblasDirect", direct.result());
    }
  }

  /** Frees the off-heap operands. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (direct != null) {
      direct.close();
    }
  }

  private void check(String what, float[] c) {
    int[][] entries = {{0, 0}, {1, n - 1}, {n / 2, n / 3}, {n - 1, 0}, {n - 1, n - 1}};
    for (int[] e : entries) {
      double ref = 0;
      for (int p = 0; p < n; p++) {
        ref += (double) av[e[0] * n + p] * bv[p * n + e[1]];
      }
      WorkloadData.check(
          what + " C[" + e[0] + "," + e[1] + "]", ref, c[e[0] * n + e[1]], Math.abs(ref), 1e-3);
    }
  }

  /** OpenBLAS's {@code cblas_sgemm} on off-heap A, B and a preallocated C. */
  @Benchmark
  public OpenBlasDirect openblasDirect() {
    if (direct == null) {
      throw new IllegalStateException("W1Sgemm.openblasDirect: no OpenBLAS loaded");
    }
    direct.multiply();
    return direct;
  }

  /** {@code a.matmul(b, c)}: C preallocated. */
  @Benchmark
  public Tensor tensorMatmul() {
    return a.matmul(b, c);
  }

  /** {@code a.matmul(b)}: allocates C each step. */
  @Benchmark
  public Tensor tensorMatmulAllocating() {
    return a.matmul(b);
  }

  /** {@code Backend.matmul} into the preallocated C. */
  @Benchmark
  public Tensor backendMatmul() {
    backend.matmul(a3, b3, c3);
    return c3;
  }

  /** Kiln's Java GEMM ({@code -Dkiln.blas=off}), 1 thread, preallocated C. */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {
        "--add-modules=jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED",
        "-Xms2g",
        "-Xmx2g",
        "-XX:G1HeapRegionSize=32m",
        "-XX:+AlwaysPreTouch",
        "-Dkiln.blas=off"
      })
  public Tensor javaGemm1Thread() {
    return backendMatmul();
  }

  /** Kiln's Java GEMM ({@code -Dkiln.blas=off}), 2 threads, preallocated C. */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {
        "--add-modules=jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED",
        "-Xms2g",
        "-Xmx2g",
        "-XX:G1HeapRegionSize=32m",
        "-XX:+AlwaysPreTouch",
        "-Dkiln.blas=off"
      })
  public Tensor javaGemm2Threads() {
    return backendMatmul();
  }
}
