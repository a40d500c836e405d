package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.backend.Backend;
import dev.kiln.backend.cpu.CpuBackend;
import dev.kiln.backend.cpu.CpuKernels;
import dev.kiln.backend.cpu.CpuKernelsProvider;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * W1-shaped SGEMM baseline on Kiln's own kernels (no BLAS): {@code C = A @ B}, n x n, {@code A =
 * fill((n,n), 1, -1, 1)}, {@code B = fill((n,n), 2, -1, 1)}, C preallocated and overwritten,
 * through {@code CpuBackend.matmul} (rows split across {@code threads}). {@code kernels} picks the
 * plain-Java or the Vector API gemm in the same JVM. {@link Report} prints GFLOP/s = 2 n^3 / time.
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
      "-Xms1g",
      "-Xmx1g",
      "-XX:+AlwaysPreTouch"
    })
public class MatmulBaseline {
  /** Matrix size. */
  @Param({"256", "512"})
  public int n;

  /** "vector" or "scalar" gemm kernels. */
  @Param({"vector", "scalar"})
  public String kernels;

  /** Intra-op threads. */
  @Param({"1", "2"})
  public int threads;

  private Backend backend;
  private Tensor a;
  private Tensor b;
  private Tensor c;

  /** Builds the inputs (not timed) and checks five entries of C against float64 dot products. */
  @Setup(Level.Trial)
  public void setup() {
    Kiln.setNumThreads(threads);
    CpuKernels k =
        switch (kernels) {
          case "vector" ->
              CpuKernelsProvider.vector()
                  .orElseThrow(
                      () -> new IllegalStateException("kernels=vector needs jdk.incubator.vector"));
          case "scalar" -> CpuKernelsProvider.scalar();
          default ->
              throw new IllegalArgumentException(
                  "MatmulBaseline: kernels must be vector or scalar, got " + kernels);
        };
    backend = new CpuBackend(k);
    float[] av = WorkloadData.fill(n * n, 1, -1, 1);
    float[] bv = WorkloadData.fill(n * n, 2, -1, 1);
    a = WorkloadData.tensor(av, 1, n, n);
    b = WorkloadData.tensor(bv, 1, n, n);
    c = WorkloadData.tensor(new float[n * n], 1, n, n);
    float[] cv = matmul().toFloatArray();
    int[][] entries = {{0, 0}, {1, n - 1}, {n / 2, n / 3}, {n - 1, 0}, {n - 1, n - 1}};
    for (int[] e : entries) {
      double ref = 0;
      for (int p = 0; p < n; p++) {
        ref += (double) av[e[0] * n + p] * bv[p * n + e[1]];
      }
      WorkloadData.check(
          "C[" + e[0] + "," + e[1] + "]", ref, cv[e[0] * n + e[1]], Math.abs(ref), 1e-3);
    }
  }

  /** One full product into the preallocated C. */
  @Benchmark
  public Tensor matmul() {
    backend.matmul(a, b, c);
    return c;
  }
}
