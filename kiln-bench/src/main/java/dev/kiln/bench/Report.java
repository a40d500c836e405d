package dev.kiln.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the usual command-line options, then prints each result in the workload's own unit:
 * GB/s (10^9 bytes/s) for {@link W5Bandwidth} with the byte counts of WORKLOADS.md, GFLOP/s = 2 n^3
 * / time for {@link MatmulBaseline}.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp kiln-bench/target/benchmarks.jar \
 *     dev.kiln.bench.Report W5 -f 1 -wi 3 -i 5
 * }</pre>
 */
public final class Report {
  private Report() {}

  /** Runs the benchmarks selected by {@code args} (JMH syntax) and prints the summary. */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
    System.out.println();
    System.out.println("Kiln benchmark summary (JMH mean score per op; shared machines are noisy)");
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      double ms = toMillis(r.getPrimaryResult().getScore(), p.getTimeUnit());
      String name = p.getBenchmark().replaceFirst("^dev\\.kiln\\.bench\\.", "");
      String params =
          p.getParamsKeys().stream()
              .map(k -> k + "=" + p.getParam(k))
              .reduce((x, y) -> x + " " + y)
              .orElse("");
      System.out.printf(Locale.ROOT, "%-45s %-28s %10.3f ms  %s%n", name, params, ms, rate(p, ms));
    }
  }

  private static double toMillis(double score, TimeUnit unit) {
    return score * unit.toNanos(1) / 1e6;
  }

  /** The derived figure: GB/s for W5 (bytes per op from WORKLOADS.md), GFLOP/s for matmul. */
  static String rate(BenchmarkParams p, double ms) {
    String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
    double seconds = ms / 1e3;
    if (p.getBenchmark().contains("W5Bandwidth")) {
      long n = W5Bandwidth.N;
      long bytes =
          method.startsWith("reluMulAdd") ? 16 * n : method.startsWith("sum") ? 4 * n : 8 * n;
      return String.format(Locale.ROOT, "%8.2f GB/s", bytes / seconds / 1e9);
    }
    if (p.getBenchmark().contains("MatmulBaseline")) {
      double n = Double.parseDouble(p.getParam("n"));
      return String.format(Locale.ROOT, "%8.2f GFLOP/s", 2 * n * n * n / seconds / 1e9);
    }
    return "";
  }
}
