package dev.kiln.cli;

import dev.kiln.Kiln;
import dev.kiln.backend.cpu.blas.NativeBlas;
import dev.kiln.bench.workloads.Protocol;
import dev.kiln.bench.workloads.Workload;
import dev.kiln.bench.workloads.WorkloadSuite;
import dev.kiln.cli.BenchRow.Target;
import dev.kiln.cli.BenchRow.Unit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kiln bench}: issue #6's table. Runs WORKLOADS.md's W1–W5 ({@link WorkloadSuite}, the
 * classes kiln-bench's harness runs) under its protocol ({@link Protocol}) and prints, per row,
 * Kiln's median (min–max), the limit measured in the same run, the ratio (the median of the
 * per-round ratios, {@link Protocol#pairedRatio}), the target and whether it is met. W1
 * alternates {@code a.matmul(b, c)} (C preallocated, as WORKLOADS.md asks where the API allows it)
 * with OpenBLAS called directly on off-heap memory; W5 alternates its rows with {@code
 * System.arraycopy} of 64 MiB.
 */
@Command(
    name = "bench",
    description =
        "Run the performance workloads W1-W5 (WORKLOADS.md) and print each figure with its limit"
            + " measured in the same run (OpenBLAS called directly for W1, System.arraycopy for"
            + " W5), the ratio and issue #6's target. A full run takes a few minutes; --quick is a"
            + " smoke run.")
final class BenchCommand implements Callable<Integer> {
  /** W1's target with Kiln's GEMM on OpenBLAS, and with the pure-Java GEMM at n >= 512. */
  private static final double W1_NATIVE_TARGET = 0.95;

  private static final double W1_JAVA_TARGET = 0.50;

  /** W5's targets: relu(a*b+c) fused and sum(a) at >= 90 % of arraycopy's bandwidth. */
  private static final double W5_TARGET = 0.90;

  /** W2–W4's row ids and targets; W3's is relative to PyTorch (kiln-bench/scripts/compare.sh). */
  private static final Map<String, Target> MODEL_TARGETS =
      Map.of(
          "w2_train_b128", new Target(Target.Kind.MAX_SECONDS, 9.9e-3),
          "w2_infer_b1", new Target(Target.Kind.MAX_SECONDS, 100e-6),
          "w2_infer_b128", Target.NONE,
          "w3_train_b64", new Target(Target.Kind.PYTORCH, 0.9),
          "w4_fwd_bwd", new Target(Target.Kind.MAX_SECONDS, 117e-3));

  private static final String[] W5_ROWS = {"w5_relu_prealloc", "w5_sum"};

  private static final int[] QUICK_SIZES = {256, 1024};

  @Spec CommandSpec spec;

  @Option(
      names = "--only",
      paramLabel = "REGEX",
      defaultValue = ".*",
      description =
          "Run only the rows whose id matches REGEX (default: all): w1_256, w1_512, w1_1024,"
              + " w1_2048, w2_train_b128, w2_infer_b1, w2_infer_b128, w3_train_b64, w4_fwd_bwd,"
              + " w5_relu_prealloc, w5_sum.")
  String only;

  @Option(
      names = "--samples",
      paramLabel = "N",
      description = "Samples per row (default: 6, with --quick 5); each times >= 50 ms of calls.")
  Integer samples;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "2",
      description = "Intra-op threads, Kiln's and OpenBLAS's (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--quick", description = "Smoke run: W1 at n = 256 and 1024 only, 5 samples.")
  boolean quick;

  @Option(
      names = "--tsv",
      paramLabel = "FILE",
      description = "Also write the table as tab-separated values to FILE.")
  Path tsv;

  @Option(
      names = "--blas",
      paramLabel = "MODE",
      description =
          "Kiln's GEMM for this run: off (the pure-Java Vector API GEMM, measured against the"
              + " bundled OpenBLAS; target 50%% at n >= 512), bundled or system OpenBLAS. The same"
              + " as -Dkiln.blas=MODE, which must be used instead once Kiln picked its GEMM.")
  String blas;

  @Override
  public Integer call() throws IOException {
    if (blas != null) {
      useBlas(blas);
    }
    if (threads < 1 || (samples != null && samples < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--threads and --samples must be at least 1");
    }
    Pattern selected = Pattern.compile(only);
    List<String> ids = rowIds().stream().filter(id -> selected.matcher(id).matches()).toList();
    if (ids.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--only " + only + " matches no row; rows: " + rowIds());
    }
    Kiln.setNumThreads(threads);
    int count = samples != null ? samples : quick ? 5 : 6;
    PrintWriter out = spec.commandLine().getOut();
    out.println(machineLine());
    out.printf(
        "protocol: WORKLOADS.md (warm-up >= 1 s, %d samples of >= 50 ms, samples with > 10%% "
            + "foreign load dropped); W1 (a.matmul(b, c), C preallocated) and W5 alternate Kiln"
            + " with their limit%n",
        count);
    BenchTable table = new BenchTable(out);
    table.header();
    List<String> passed = new ArrayList<>();
    Consumer<String> checks = passed::add;
    List<BenchRow> rows = new ArrayList<>();
    for (int n : sizes()) {
      if (ids.contains("w1_" + n)) {
        rows.add(table.print(w1(n, count, checks)));
      }
    }
    List<Workload> models = new ArrayList<>();
    if (ids.stream().anyMatch(id -> id.startsWith("w2_"))) {
      models.addAll(WorkloadSuite.w2(checks));
    }
    if (ids.contains("w3_train_b64")) {
      models.addAll(WorkloadSuite.w3(checks));
    }
    if (ids.contains("w4_fwd_bwd")) {
      models.addAll(WorkloadSuite.w4());
    }
    for (Workload w : models) {
      if (ids.contains(w.id())) {
        Protocol.Result r = Protocol.measure(w.step(), count);
        rows.add(
            table.print(
                new BenchRow(
                    w.id(), Unit.TIME, 0, r, "", Double.NaN, false, MODEL_TARGETS.get(w.id()))));
      }
    }
    if (ids.stream().anyMatch(id -> id.startsWith("w5_"))) {
      for (BenchRow row : w5(ids, count, checks)) {
        rows.add(table.print(row));
      }
    }
    out.println(
        "checks: "
            + passed.size()
            + " result checks against WORKLOADS.md passed before timing (a failing one stops"
            + " the run)");
    if (tsv != null) {
      BenchTable.writeTsv(tsv, rows);
    }
    out.flush();
    return 0;
  }

  /** Every row id: W1's sizes, W2–W4 (alphabetical), W5. */
  private List<String> rowIds() {
    List<String> ids = new ArrayList<>();
    for (int n : sizes()) {
      ids.add("w1_" + n);
    }
    ids.addAll(MODEL_TARGETS.keySet().stream().sorted().toList());
    ids.addAll(Arrays.asList(W5_ROWS));
    return ids;
  }

  private int[] sizes() {
    return quick ? QUICK_SIZES : WorkloadSuite.W1_SIZES;
  }

  /**
   * W1 at size n: {@code a.matmul(b, c)} into a preallocated C and OpenBLAS direct, alternating.
   */
  private BenchRow w1(int n, int count, Consumer<String> checks) {
    boolean javaGemm = !NativeBlas.available();
    Target target =
        javaGemm
            ? n >= 512 ? new Target(Target.Kind.MIN_RATIO, W1_JAVA_TARGET) : Target.NONE
            : new Target(Target.Kind.MIN_RATIO, W1_NATIVE_TARGET);
    try (WorkloadSuite.Gemm gemm = WorkloadSuite.w1(n, checks)) {
      Workload kiln = gemm.kiln();
      if (gemm.openblas() == null) {
        Protocol.Result r = Protocol.measure(kiln.step(), count);
        return new BenchRow(kiln.id(), Unit.GFLOPS, kiln.flops(), r, "", Double.NaN, false, target);
      }
      List<Protocol.Result> r =
          Protocol.measureAlternating(List.of(kiln.step(), gemm.openblas().step()), count);
      double limit = kiln.flops() / r.get(1).median() / 1e9;
      return new BenchRow(
          kiln.id(),
          Unit.GFLOPS,
          kiln.flops(),
          r.get(0),
          "OpenBLAS direct",
          limit,
          r.get(1).flagged(),
          target,
          Protocol.pairedRatio(r.get(0), r.get(1)));
    } catch (Exception e) {
      throw new IllegalStateException("kiln bench: W1 at n = " + n + " failed: " + e, e);
    }
  }

  /** W5's selected rows, alternating with the arraycopy yardstick. */
  private static List<BenchRow> w5(List<String> ids, int count, Consumer<String> checks) {
    List<Workload> all = WorkloadSuite.w5(checks);
    Workload copy = all.stream().filter(w -> w.id().equals("w5_arraycopy")).findFirst().get();
    List<Workload> measured = new ArrayList<>(List.of(copy));
    all.stream().filter(w -> ids.contains(w.id())).forEach(measured::add);
    List<Protocol.Result> r =
        Protocol.measureAlternating(measured.stream().map(Workload::step).toList(), count);
    double copyGbs = copy.bytes() / r.get(0).median() / 1e9;
    Target target = new Target(Target.Kind.MIN_RATIO, W5_TARGET);
    return IntStream.range(1, measured.size())
        .mapToObj(
            i ->
                new BenchRow(
                    measured.get(i).id(),
                    Unit.GBS,
                    measured.get(i).bytes(),
                    r.get(i),
                    "arraycopy",
                    copyGbs,
                    r.get(0).flagged(),
                    target,
                    Protocol.pairedRatio(r.get(i), r.get(0))
                        * measured.get(i).bytes()
                        / copy.bytes()))
        .toList();
  }

  /**
   * Sets {@code kiln.blas} before Kiln picks its GEMM; fails when this JVM already picked one that
   * disagrees (then only {@code -Dkiln.blas=MODE} at start-up helps).
   */
  private void useBlas(String mode) {
    if (!List.of("off", "bundled", "system").contains(mode)) {
      throw new ParameterException(
          spec.commandLine(), "--blas " + mode + ": expected off, bundled or system");
    }
    System.setProperty("kiln.blas", mode);
    if (NativeBlas.available() == mode.equals("off")) {
      throw new ParameterException(
          spec.commandLine(),
          "--blas "
              + mode
              + ": this JVM already runs GEMM on "
              + Kiln.gemm()
              + "; start it with -Dkiln.blas="
              + mode);
    }
  }

  /** CPU model, cores, JDK, vector width, GEMM and threads, in one line. */
  static String machineLine() {
    return "machine: "
        + cpuModel()
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores | JDK "
        + Runtime.version()
        + " | vectors: "
        + vectorWidth()
        + " | GEMM: "
        + Kiln.gemm()
        + " | threads: "
        + Kiln.getNumThreads();
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  /** The Vector API's preferred float width, or why there is none. */
  private static String vectorWidth() {
    return Kiln.cpuKernels().equals("vector")
        ? jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit"
        : "off (plain-Java kernels)";
  }
}
