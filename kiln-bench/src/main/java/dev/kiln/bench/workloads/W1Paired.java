package dev.kiln.bench.workloads;

import dev.kiln.Kiln;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * W1 as paired ratios: {@link WorkloadSuite#w1}'s {@code a.matmul(b, c)} and {@code cblas_sgemm} on
 * 64-byte-aligned off-heap memory, each warmed up by {@link Protocol#warmUp} (samples of at least
 * 50 ms), then sampled one after the other ({@code count} rounds, the order swapped every round).
 * Each round gives one ratio OpenBLAS time / Kiln time (≥ 1 means Kiln is as fast); their median
 * cancels most of the drift of a shared machine, which the ratio of two separate medians ({@code
 * kiln bench}) does not. Prints per size the median, min and max of the ratios, both medians and
 * minima, and the load average.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xms4g -Xmx4g \
 *     -XX:G1HeapRegionSize=32m -XX:+AlwaysPreTouch -cp kiln-bench/target/benchmarks.jar \
 *     dev.kiln.bench.workloads.W1Paired [256,512,1024,2048] [15]
 * </pre>
 */
public final class W1Paired {
  private W1Paired() {}

  /** Arguments: the sizes (comma-separated) and the number of rounds. */
  public static void main(String[] args) throws Exception {
    String sizes = args.length > 0 ? args[0] : "256,512,1024,2048";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Kiln.setNumThreads(2);
    for (String s : sizes.split(",")) {
      int n = Integer.parseInt(s.trim());
      try (WorkloadSuite.Gemm gemm = WorkloadSuite.w1(n, line -> {})) {
        if (gemm.openblas() == null) {
          throw new IllegalStateException("W1Paired: no OpenBLAS to compare with");
        }
        System.out.println(row(n, gemm.kiln().step(), gemm.openblas().step(), count));
      }
    }
  }

  private static String row(int n, Runnable kiln, Runnable blas, int count) throws Exception {
    int kilnReps = Protocol.warmUp(kiln);
    int blasReps = Protocol.warmUp(blas);
    double[] k = new double[count];
    double[] o = new double[count];
    double[] ratio = new double[count];
    for (int i = 0; i < count; i++) {
      if (i % 2 == 0) {
        k[i] = once(kiln, kilnReps);
        o[i] = once(blas, blasReps);
      } else {
        o[i] = once(blas, blasReps);
        k[i] = once(kiln, kilnReps);
      }
      ratio[i] = o[i] / k[i];
    }
    return String.format(
        Locale.ROOT,
        "w1_%d: paired ratio median %.3f (min %.3f, max %.3f, %d rounds) | Kiln median %.1f us"
            + " (min %.1f) | OpenBLAS median %.1f us (min %.1f) | load %s",
        n,
        median(ratio),
        min(ratio),
        Arrays.stream(ratio).max().orElseThrow(),
        count,
        median(k) * 1e6,
        min(k) * 1e6,
        median(o) * 1e6,
        min(o) * 1e6,
        Files.readString(Path.of("/proc/loadavg")).trim());
  }

  private static double once(Runnable step, int reps) {
    return Protocol.sample(step, reps, 1).get(0).seconds();
  }

  private static double min(double[] x) {
    return Arrays.stream(x).min().orElseThrow();
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
