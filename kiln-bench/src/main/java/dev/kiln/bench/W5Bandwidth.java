package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.backend.Backend;
import dev.kiln.backend.Backends;
import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.UnaryKind;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5 of WORKLOADS.md: elementwise and reduction bandwidth on n = 2^24 float32 elements (64 MiB per
 * array), {@code a = fill(n, 11, -1, 1)}, {@code b = fill(n, 12, -1, 1)}, {@code c = fill(n, 13,
 * -1, 1)}.
 *
 * <p>JMH reports ms/op; {@link Report} converts to GB/s (10^9 bytes per second) with the contract's
 * byte counts: {@code relu(a*b+c)} moves {@code 16 n} bytes (3 arrays read, 1 written, each counted
 * once whatever passes Kiln makes), {@code sum(a)} reads {@code 4 n}, and {@code System.arraycopy}
 * of 64 MiB moves {@code 8 n} (read + write). Methods ending in {@code Scalar} are the same work
 * forked with {@code -Dkiln.kernels=scalar} (Lucene-style twins).
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
      "-Xms3g",
      "-Xmx3g",
      "-XX:+AlwaysPreTouch"
    })
public class W5Bandwidth {
  /** Elements per array: 2^24. */
  public static final int N = 1 << 24;

  /** Intra-op threads (WORKLOADS.md: 2 everywhere). */
  @Param({"2"})
  public int threads;

  private Tensor a;
  private Tensor b;
  private Tensor c;
  private Tensor y;
  private float[] src;
  private float[] dst;
  private Backend cpu;

  /** Builds the inputs (not timed) and checks each benchmark's result once. */
  @Setup(Level.Trial)
  public void setup() {
    Kiln.setNumThreads(threads);
    float[] av = WorkloadData.fill(N, 11, -1, 1);
    float[] bv = WorkloadData.fill(N, 12, -1, 1);
    float[] cv = WorkloadData.fill(N, 13, -1, 1);
    a = WorkloadData.tensor(av, N);
    b = WorkloadData.tensor(bv, N);
    c = WorkloadData.tensor(cv, N);
    y = WorkloadData.tensor(new float[N], N);
    src = av.clone();
    dst = new float[N];
    cpu = Backends.of(Device.CPU);

    float[] allocated = reluMulAddAllocating().toFloatArray();
    float[] fused = reluMulAddFused().toFloatArray();
    reluMulAddPreallocated();
    float[] preallocated = y.toFloatArray();
    for (int i : new int[] {0, 1, 12345, N / 3, N / 2, N - 1}) {
      double ref = Math.max(0, (double) av[i] * bv[i] + cv[i]);
      WorkloadData.check("relu(a*b+c)[" + i + "]", ref, allocated[i], 1, 1e-6);
      WorkloadData.check("relu(a*b+c) preallocated[" + i + "]", ref, preallocated[i], 1, 1e-6);
      WorkloadData.check("relu(a*b+c) fused[" + i + "]", ref, fused[i], 1, 1e-6);
    }
    double exact = 0;
    double abs = 0;
    for (float v : av) {
      exact += v;
      abs += Math.abs(v);
    }
    WorkloadData.check("sum(a)", exact, sum(), abs, 1e-6);
    arraycopy();
    for (int i : new int[] {0, N / 2, N - 1}) {
      WorkloadData.check("arraycopy[" + i + "]", src[i], dst[i], 0, 0);
    }
  }

  /** {@code relu(a*b+c)} through Kiln's Tensor ops; allocates three n-element tensors. */
  @Benchmark
  public Tensor reluMulAddAllocating() {
    return a.mul(b).add(c).relu();
  }

  /**
   * The same fused into one pass into a preallocated {@code y}: {@code c.addcmulRelu(a, b, 1, y)}.
   */
  @Benchmark
  public Tensor reluMulAddFused() {
    return c.addcmulRelu(a, b, 1, y);
  }

  /** The same through the backend primitives into a preallocated {@code y} (three passes). */
  @Benchmark
  public Tensor reluMulAddPreallocated() {
    cpu.binary(BinaryKind.MUL, a, b, y);
    cpu.binary(BinaryKind.ADD, y, c, y);
    cpu.unary(UnaryKind.RELU, y, y, 0, 0);
    return y;
  }

  /** {@code sum(a)} through Kiln's Tensor op (float result). */
  @Benchmark
  public double sum() {
    return a.sum().item();
  }

  /** Memory-bandwidth yardstick: {@code System.arraycopy} of 64 MiB, one thread. */
  @Benchmark
  public float[] arraycopy() {
    System.arraycopy(src, 0, dst, 0, N);
    return dst;
  }

  /**
   * Four 64 MiB arrays for {@link #arraycopySameFootprint}: two source/destination pairs, 256 MiB
   * in all, the footprint of {@code relu(a*b+c)}'s four arrays. Only that benchmark's fork makes
   * them.
   */
  @State(Scope.Benchmark)
  public static class Pairs {
    final float[][] src = {WorkloadData.fill(N, 11, -1, 1), WorkloadData.fill(N, 12, -1, 1)};
    final float[][] dst = {new float[N], new float[N]};
    int next;
  }

  /**
   * The yardstick with relu's cache footprint: {@code System.arraycopy} of 64 MiB (8n bytes, as
   * {@link #arraycopy}), alternating between two source/destination pairs, so that repeated calls
   * cycle through 256 MiB as {@link #reluMulAddFused} does. {@link #arraycopy} cycles through 128
   * MiB, which a quiet host's 260 MiB L3 mostly keeps, so it partly measures the cache where relu
   * measures memory (see RESULTS.md, W5).
   */
  @Benchmark
  public float[] arraycopySameFootprint(Pairs p) {
    int i = p.next;
    p.next = 1 - i;
    System.arraycopy(p.src[i], 0, p.dst[i], 0, N);
    return p.dst[i];
  }

  /** {@link #reluMulAddAllocating} with the plain-Java kernels. */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {
        "--add-modules=jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED",
        "-Xms3g",
        "-Xmx3g",
        "-XX:+AlwaysPreTouch",
        "-Dkiln.kernels=scalar"
      })
  public Tensor reluMulAddAllocatingScalar() {
    return reluMulAddAllocating();
  }

  /** {@link #sum} with the plain-Java kernels. */
  @Benchmark
  @Fork(
      value = 1,
      jvmArgsAppend = {
        "--add-modules=jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED",
        "-Xms3g",
        "-Xmx3g",
        "-XX:+AlwaysPreTouch",
        "-Dkiln.kernels=scalar"
      })
  public double sumScalar() {
    return sum();
  }
}
