package dev.kiln.bench.workloads;

import dev.kiln.autograd.Autograd;
import dev.kiln.bench.WorkloadData;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Module;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * WORKLOADS.md's W1–W5 on Kiln, built (not timed) and checked against the contract's documented
 * values before anything is measured: W1 five entries of C against a float64 dot product, W2's
 * logits(x1)[0..2] and initial loss 2.302644, W3's initial loss 2.302816, W5 three entries of
 * relu(a*b+c). Every check that passes is reported to {@code log}; one that fails throws.
 */
public final class WorkloadSuite {
  /** W5's array length, 2^24 (64 MiB per array). */
  public static final int W5_N = 1 << 24;

  /** W1's matrix sizes. */
  public static final int[] W1_SIZES = {256, 512, 1024, 2048};

  private WorkloadSuite() {}

  /**
   * W1 at one size: Kiln's {@code a.matmul(b)} and its limit, OpenBLAS called directly.
   *
   * @param kiln {@code a.matmul(b, c)} into a preallocated C (WORKLOADS.md: "output buffer
   *     preallocated where the API allows it", PyTorch's {@code out=}): on OpenBLAS when Kiln
   *     loaded it, else on Kiln's Java GEMM ({@code -Dkiln.blas=off})
   * @param openblas {@link OpenBlasDirect} on off-heap operands, or null without any OpenBLAS
   */
  public record Gemm(Workload kiln, Workload openblas, AutoCloseable resources)
      implements AutoCloseable {
    /** Frees the off-heap operands of the limit. */
    @Override
    public void close() throws Exception {
      resources.close();
    }
  }

  /**
   * W1 at size {@code n}: {@code C = A · B}, A = fill((n,n), 1, -1, 1), B = fill((n,n), 2, -1, 1).
   */
  public static Gemm w1(int n, Consumer<String> log) {
    float[] av = WorkloadData.fill(n * n, 1, -1, 1);
    float[] bv = WorkloadData.fill(n * n, 2, -1, 1);
    Tensor a = WorkloadData.tensor(av, n, n);
    Tensor b = WorkloadData.tensor(bv, n, n);
    long flops = 2L * n * n * n;
    String id = "w1_" + n;
    Tensor c = Tensor.empty(n, n);
    checkGemm(id + " matmul", av, bv, n, a.matmul(b, c).toFloatArray(), log);
    Workload kiln = new Workload(id, () -> a.matmul(b, c), 0, 0, flops);
    if (!OpenBlasDirect.available()) {
      return new Gemm(kiln, null, () -> {});
    }
    OpenBlasDirect blas = new OpenBlasDirect(av, bv, n);
    blas.multiply();
    checkGemm(id + " OpenBLAS", av, bv, n, blas.result(), log);
    return new Gemm(kiln, new Workload(id + "_openblas", blas::multiply, 0, 0, flops), blas);
  }

  private static void checkGemm(
      String what, float[] av, float[] bv, int n, float[] c, Consumer<String> log) {
    int[][] entries = {{0, 0}, {1, n - 1}, {n / 2, n / 3}, {n - 1, 0}, {n - 1, n - 1}};
    for (int[] e : entries) {
      double ref = 0;
      for (int p = 0; p < n; p++) {
        ref += (double) av[e[0] * n + p] * bv[p * n + e[1]];
      }
      WorkloadData.check(
          what + " C[" + e[0] + "," + e[1] + "]", ref, c[e[0] * n + e[1]], Math.abs(ref), 1e-3);
    }
    log.accept(what + ": 5 entries of C match a float64 dot product (rel. error < 1e-3)");
  }

  /**
   * W5: the {@link CopyYardstick} ({@code w5_arraycopy}, 8n bytes), relu(a*b+c) fused into a
   * preallocated y ({@code w5_relu_prealloc}), fused allocating, unfused allocating (16n bytes
   * each), and {@code sum(a)} (4n bytes).
   */
  public static List<Workload> w5(Consumer<String> log) {
    int n = W5_N;
    float[] av = WorkloadData.fill(n, 11, -1, 1);
    float[] bv = WorkloadData.fill(n, 12, -1, 1);
    float[] cv = WorkloadData.fill(n, 13, -1, 1);
    Tensor a = WorkloadData.tensor(av, n);
    Tensor b = WorkloadData.tensor(bv, n);
    Tensor c = WorkloadData.tensor(cv, n);
    Tensor y = Tensor.empty(n);
    float[] dst = new float[n];
    float[] yv = c.addcmulRelu(a, b, 1, y).toFloatArray();
    for (int i : new int[] {0, 12345, n - 1}) {
      double want = Math.max(0, (double) av[i] * bv[i] + cv[i]);
      WorkloadData.check("W5 relu(a*b+c)[" + i + "]", want, yv[i], 1, 1e-6);
    }
    log.accept("W5 relu(a*b+c): 3 entries match (rel. error < 1e-6)");
    long bytes = 4L * n;
    return List.of(
        new Workload("w5_arraycopy", CopyYardstick.step(av, dst), 0, 2 * bytes, 0),
        new Workload("w5_relu_prealloc", () -> c.addcmulRelu(a, b, 1, y), 0, 4 * bytes, 0),
        new Workload("w5_relu_fused_alloc", () -> c.addcmulRelu(a, b, 1), 0, 4 * bytes, 0),
        new Workload("w5_relu_alloc", () -> a.mul(b).add(c).relu(), 0, 4 * bytes, 0),
        new Workload("w5_sum", () -> a.sum().item(), 0, bytes, 0));
  }

  /** W2: train step at batch 128, inference at batch 1 and 128; checks the documented values. */
  public static List<Workload> w2(Consumer<String> log) {
    Module mlp = WorkloadModels.mlp();
    Tensor x = WorkloadModels.fill(new int[] {128, 784}, 3, 0, 1);
    Tensor labels = WorkloadModels.labels(128);
    Tensor x1 = WorkloadModels.fill(new int[] {1, 784}, 4, 0, 1);
    Tensor x128 = WorkloadModels.fill(new int[] {128, 784}, 4, 0, 1);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    try (var g = Autograd.noGrad()) {
      float[] logits = mlp.call(x1).toFloatArray();
      double[] want = {-0.0220157, 0.0178936, -0.0064912};
      for (int i = 0; i < 3; i++) {
        check("W2 logits(x1)[" + i + "]", want[i], logits[i], 1e-6, log);
      }
      check("W2 initial loss", 2.302644, ce.forward(mlp.call(x), labels).item(), 1e-5, log);
    }
    SGD sgd = new SGD(mlp.parameters(), 0.01);
    Runnable train =
        () -> {
          sgd.zeroGrad();
          ce.forward(mlp.call(x), labels).backward();
          sgd.step();
        };
    return List.of(
        new Workload("w2_train_b128", train, 128, 0, 0),
        new Workload("w2_infer_b1", () -> infer(mlp, x1), 1, 0, 0),
        new Workload("w2_infer_b128", () -> infer(mlp, x128), 128, 0, 0));
  }

  /** W3: the CNN's train step at batch 64; checks the documented initial loss. */
  public static List<Workload> w3(Consumer<String> log) {
    Module cnn = WorkloadModels.cnn();
    Tensor x = WorkloadModels.fill(new int[] {64, 1, 28, 28}, 6, 0, 1);
    Tensor labels = WorkloadModels.labels(64);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    try (var g = Autograd.noGrad()) {
      check("W3 initial loss", 2.302816, ce.forward(cnn.call(x), labels).item(), 1e-5, log);
    }
    SGD sgd = new SGD(cnn.parameters(), 0.01);
    Runnable train =
        () -> {
          sgd.zeroGrad();
          ce.forward(cnn.call(x), labels).backward();
          sgd.step();
        };
    return List.of(new Workload("w3_train_b64", train, 64, 0, 0));
  }

  /** W4: the encoder layer's forward and backward of mean(out), no update. */
  public static List<Workload> w4() {
    Module layer = WorkloadModels.encoderLayer();
    Tensor x = WorkloadModels.fill(new int[] {16, 128, 256}, 5, -1, 1);
    Runnable step =
        () -> {
          layer.zeroGrad();
          layer.call(x).mean().backward();
        };
    return List.of(new Workload("w4_fwd_bwd", step, 16, 0, 0));
  }

  private static void infer(Module m, Tensor x) {
    try (var g = Autograd.noGrad()) {
      m.call(x);
    }
  }

  private static void check(
      String what, double want, double got, double atol, Consumer<String> log) {
    if (!(Math.abs(got - want) <= atol)) {
      throw new IllegalStateException(what + ": expected " + want + " but got " + got);
    }
    log.accept(
        String.format(Locale.ROOT, "check %-20s %12.7f (documented %12.7f)", what, got, want));
  }
}
