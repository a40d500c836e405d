package dev.kiln.bench.workloads;

import dev.kiln.Kiln;
import dev.kiln.backend.cpu.CpuKernelsProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The issue table's workloads (WORKLOADS.md W2–W5, built by {@link WorkloadSuite}) on Kiln,
 * measured by {@link Protocol}, one row after another: W2 train step and inference at batch 1 and
 * 128, W3 train step, W4 forward + backward, W5 {@code relu(a*b+c)} fused into a preallocated
 * {@code y} and allocating, {@code sum(a)} and the {@link CopyYardstick}. Prints ms per step,
 * samples/s, GB/s and each bandwidth's ratio to arraycopy; checks W2's and W3's documented values
 * first. This is the Kiln side of {@code scripts/compare.sh}; {@code kiln bench} prints the issue's
 * table with W1 and each row's limit and target.
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
    Consumer<String> log = System.out::println;
    List<Workload> all = new ArrayList<>();
    all.addAll(WorkloadSuite.w5(log));
    all.addAll(WorkloadSuite.w2(log));
    all.addAll(WorkloadSuite.w3(log));
    all.addAll(WorkloadSuite.w4());
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
}
