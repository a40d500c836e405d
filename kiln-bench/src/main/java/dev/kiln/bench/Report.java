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
import org.openjdk.jmh.util.Statistics;

/**
 * Runs JMH with the usual command-line options, then prints each result (median and best of the
 * measured iterations) in the workload's own unit: GB/s (10^9 bytes/s) for {@link W5Bandwidth} with
 * the byte counts of WORKLOADS.md, GFLOP/s = 2 n^3 / time for {@link W1Sgemm}.
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
    System.out.println(
        "Kiln summary: median and best of the measured iterations (WORKLOADS.md reports medians;"
            + " the best shows what a quiet machine gives)");
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      Statistics st = r.getPrimaryResult().getStatistics();
      double median = toMillis(st.getPercentile(50), p.getTimeUnit());
      double best = toMillis(st.getMin(), p.getTimeUnit());
      String name = p.getBenchmark().replaceFirst("^dev\\.kiln\\.bench\\.", "");
      String params =
          p.getParamsKeys().stream()
              .map(k -> k + "=" + p.getParam(k))
              .reduce((x, y) -> x + " " + y)
              .orElse("");
      System.out.printf(
          Locale.ROOT,
          "%-40s %-26s median %9.3f ms %s | best %9.3f ms %s%n",
          name,
          params,
          median,
          rate(p, median),
          best,
          rate(p, best));
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
    if (p.getBenchmark().contains("W1Sgemm")) {
      double n = Double.parseDouble(p.getParam("n"));
      return String.format(Locale.ROOT, "%8.2f GFLOP/s", 2 * n * n * n / seconds / 1e9);
    }
    if (p.getBenchmark().contains("Conv2dW3Benchmark")) {
      double flops = Conv2dW3Benchmark.flops(p.getParam("layer"));
      return String.format(Locale.ROOT, "%8.2f GFLOP/s", flops / seconds / 1e9);
    }
    return "";
  }
}
