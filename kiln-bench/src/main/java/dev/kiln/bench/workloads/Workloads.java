package dev.kiln.bench.workloads;

import dev.kiln.Kiln;
import dev.kiln.autograd.Autograd;
import dev.kiln.backend.cpu.CpuKernelsProvider;
import dev.kiln.bench.WorkloadData;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Module;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The issue table's workloads (WORKLOADS.md W2–W5) on Kiln, measured by {@link Protocol}: W2 train
 * step and inference at batch 1 and 128, W3 train step, W4 forward + backward, W5 {@code
 * relu(a*b+c)} fused into a preallocated {@code y} and allocating, {@code sum(a)} and {@code
 * System.arraycopy}. Prints ms per step, samples/s, GB/s and each bandwidth's ratio to arraycopy;
 * checks W2's and W3's documented values first.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms4g -Xmx4g -cp kiln-bench/target/benchmarks.jar \
 *     dev.kiln.bench.workloads.Workloads [--samples 6] [--threads 2] [--only REGEX] [--tsv FILE]
 * </pre>
 *
 * {@code --tsv} appends one line per sample ({@code framework id seconds foreign}) for {@code
 * scripts/compare.sh}, which pools rounds of Kiln and PyTorch into one table.
 */
public final class Workloads {
  private Workloads() {}

  /** W5's array length, 2^24. */
  static final int N = 1 << 24;

  /**
   * One row of the table: an id shared with the PyTorch script, the step, the samples one step
   * processes (for samples/s, 0 for none) and the bytes the contract counts (for GB/s, 0 for none).
   */
  record Workload(String id, Runnable step, int samplesPerStep, long bytes) {}

  /** Runs the workloads selected by the arguments and prints the table. */
  public static void main(String[] args) throws IOException {
    int samples = 6;
    int threads = 2;
    Pattern only = Pattern.compile(".*");
    Path tsv = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--samples" -> samples = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--only" -> only = Pattern.compile(args[++i]);
        case "--tsv" -> tsv = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "Workloads: unknown argument "
                    + args[i]
                    + " (expected --samples N, --threads N, --only REGEX, --tsv FILE)");
      }
    }
    Kiln.setNumThreads(threads);
    System.out.printf(
        "Kiln workloads: kernels=%s threads=%d samples=%d%n",
        CpuKernelsProvider.get().name(), threads, samples);
    List<Workload> all = new ArrayList<>();
    all.addAll(w5());
    all.addAll(w2());
    all.addAll(w3());
    all.addAll(w4());
    double copyGbs = Double.NaN;
    System.out.printf(
        "%-22s %10s %10s %10s %6s %12s %9s %8s%n",
        "workload", "median ms", "min ms", "max ms", "kept", "samples/s", "GB/s", "/copy");
    for (Workload w : all) {
      if (!only.matcher(w.id()).matches()) {
        continue;
      }
      Protocol.Result r = Protocol.measure(w.step(), samples);
      double t = r.median();
      double gbs = w.bytes() > 0 ? w.bytes() / t / 1e9 : Double.NaN;
      if (w.id().equals("w5_arraycopy")) {
        copyGbs = gbs;
      }
      System.out.printf(
          Locale.ROOT,
          "%-22s %10.4f %10.4f %10.4f %3d/%-2d %12s %9s %8s%s%n",
          w.id(),
          t * 1e3,
          r.min() * 1e3,
          r.max() * 1e3,
          r.kept().length,
          r.samples().size(),
          w.samplesPerStep() > 0 ? String.format(Locale.ROOT, "%.0f", w.samplesPerStep() / t) : "",
          Double.isNaN(gbs) ? "" : String.format(Locale.ROOT, "%.1f", gbs),
          Double.isNaN(gbs) || Double.isNaN(copyGbs)
              ? ""
              : String.format(Locale.ROOT, "%.2f", gbs / copyGbs),
          r.flagged() ? "  (noisy: fewer than 5 clean samples)" : "");
      if (tsv != null) {
        appendTsv(tsv, w.id(), r);
      }
    }
  }

  private static void appendTsv(Path tsv, String id, Protocol.Result r) throws IOException {
    try (PrintWriter out =
        new PrintWriter(
            Files.newBufferedWriter(
                tsv,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND))) {
      for (Protocol.Sample s : r.samples()) {
        out.printf(Locale.ROOT, "kiln\t%s\t%.9e\t%.4f%n", id, s.seconds(), s.foreign());
      }
    }
  }

  /** W5: relu(a*b+c) fused into y, the same allocating, sum(a), and the arraycopy yardstick. */
  static List<Workload> w5() {
    float[] av = WorkloadData.fill(N, 11, -1, 1);
    float[] bv = WorkloadData.fill(N, 12, -1, 1);
    float[] cv = WorkloadData.fill(N, 13, -1, 1);
    Tensor a = WorkloadData.tensor(av, N);
    Tensor b = WorkloadData.tensor(bv, N);
    Tensor c = WorkloadData.tensor(cv, N);
    Tensor y = Tensor.empty(N);
    float[] dst = new float[N];
    float[] yv = c.addcmulRelu(a, b, 1, y).toFloatArray();
    for (int i : new int[] {0, 12345, N - 1}) {
      double want = Math.max(0, (double) av[i] * bv[i] + cv[i]);
      WorkloadData.check("W5 relu(a*b+c)[" + i + "]", want, yv[i], 1, 1e-6);
    }
    long n = N;
    return List.of(
        new Workload("w5_arraycopy", () -> System.arraycopy(av, 0, dst, 0, N), 0, 8 * n),
        new Workload("w5_relu_prealloc", () -> c.addcmulRelu(a, b, 1, y), 0, 16 * n),
        new Workload("w5_relu_fused_alloc", () -> c.addcmulRelu(a, b, 1), 0, 16 * n),
        new Workload("w5_relu_alloc", () -> a.mul(b).add(c).relu(), 0, 16 * n),
        new Workload("w5_sum", () -> a.sum().item(), 0, 4 * n));
  }

  /** W2: train step at batch 128, inference at batch 1 and 128; checks the documented values. */
  static List<Workload> w2() {
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
        check("W2 logits(x1)[" + i + "]", want[i], logits[i], 1e-6);
      }
      check("W2 initial loss", 2.302644, ce.forward(mlp.call(x), labels).item(), 1e-5);
    }
    SGD sgd = new SGD(mlp.parameters(), 0.01);
    Runnable train =
        () -> {
          sgd.zeroGrad();
          ce.forward(mlp.call(x), labels).backward();
          sgd.step();
        };
    return List.of(
        new Workload("w2_train_b128", train, 128, 0),
        new Workload("w2_infer_b1", () -> infer(mlp, x1), 1, 0),
        new Workload("w2_infer_b128", () -> infer(mlp, x128), 128, 0));
  }

  /** W3: the CNN's train step at batch 64; checks the documented initial loss. */
  static List<Workload> w3() {
    Module cnn = WorkloadModels.cnn();
    Tensor x = WorkloadModels.fill(new int[] {64, 1, 28, 28}, 6, 0, 1);
    Tensor labels = WorkloadModels.labels(64);
    CrossEntropyLoss ce = new CrossEntropyLoss();
    try (var g = Autograd.noGrad()) {
      check("W3 initial loss", 2.302816, ce.forward(cnn.call(x), labels).item(), 1e-5);
    }
    SGD sgd = new SGD(cnn.parameters(), 0.01);
    Runnable train =
        () -> {
          sgd.zeroGrad();
          ce.forward(cnn.call(x), labels).backward();
          sgd.step();
        };
    return List.of(new Workload("w3_train_b64", train, 64, 0));
  }

  /** W4: the encoder layer's forward and backward of mean(out), no update. */
  static List<Workload> w4() {
    Module layer = WorkloadModels.encoderLayer();
    Tensor x = WorkloadModels.fill(new int[] {16, 128, 256}, 5, -1, 1);
    Runnable step =
        () -> {
          layer.zeroGrad();
          layer.call(x).mean().backward();
        };
    return List.of(new Workload("w4_fwd_bwd", step, 16, 0));
  }

  private static void infer(Module m, Tensor x) {
    try (var g = Autograd.noGrad()) {
      m.call(x);
    }
  }

  private static void check(String what, double want, double got, double atol) {
    System.out.printf(Locale.ROOT, "check %-20s %12.7f (documented %12.7f)%n", what, got, want);
    if (!(Math.abs(got - want) <= atol)) {
      throw new IllegalStateException(what + ": expected " + want + " but got " + got);
    }
  }
}
