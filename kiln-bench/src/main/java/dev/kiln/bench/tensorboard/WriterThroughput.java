package dev.kiln.bench.tensorboard;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensorboard.SummaryWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;

/**
 * Manual throughput measurement (not run by the test suite, not JMH): how much does logging 100,000
 * scalars and 100 histograms of 1M values slow a training loop, compared with only copying the same
 * values? The "training step" is a fixed amount of arithmetic. Run:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx4g -cp kiln-bench/target/benchmarks.jar \
 *     dev.kiln.bench.tensorboard.WriterThroughput [rounds]
 * </pre>
 */
public final class WriterThroughput {
  private static final int STEPS = 100_000;
  private static final int HISTOGRAM_EVERY = 1_000;
  private static final int HISTOGRAM_SIZE = 1_000_000;
  private static final int WORK = 32_768;

  private WriterThroughput() {}

  /** Runs the three loops {@code rounds} times (default 3) and prints their times. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    float[] weights = new float[HISTOGRAM_SIZE];
    Random random = new Random(42);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    Tensor w = Tensor.of(weights);
    float[] work = new float[WORK];
    for (int r = 0; r < rounds; r++) {
      System.out.println("round " + r);
      loop(w, work, Mode.NONE);
      loop(w, work, Mode.COPY);
      loop(w, work, Mode.LOG);
    }
  }

  private enum Mode {
    NONE,
    COPY,
    LOG
  }

  private static void loop(Tensor weights, float[] work, Mode mode) throws Exception {
    Path dir = mode == Mode.LOG ? Files.createTempDirectory("kiln-tb-bench") : null;
    SummaryWriter writer = mode == Mode.LOG ? new SummaryWriter(dir) : null;
    double sink = 0;
    long inCalls = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long processCpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    for (int step = 0; step < STEPS; step++) {
      sink += trainStep(work, step);
      long callStart = System.nanoTime();
      if (mode == Mode.LOG) {
        writer.addScalar("loss", sink, step);
      }
      if (step % HISTOGRAM_EVERY == 0) {
        switch (mode) {
          case NONE -> {}
          case COPY -> sink += weights.toFloatArray()[step % HISTOGRAM_SIZE];
          case LOG -> writer.addHistogram("weights", weights, step);
        }
      }
      inCalls += System.nanoTime() - callStart;
    }
    long loopMs = (System.nanoTime() - start) / 1_000_000;
    long loopCpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
    if (writer != null) {
      writer.close();
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    long otherCpuMs = (os.getProcessCpuTime() - processCpuStart) / 1_000_000 - loopCpuMs;
    System.out.printf(
        "  %-4s loop %5d ms wall, training thread %5d ms CPU (%4d ms inside logging/copy calls),"
            + " other threads (writer, GC, JIT) %5d ms CPU%n",
        mode, loopMs, loopCpuMs, inCalls / 1_000_000, otherCpuMs);
    if (sink == 42) {
      System.out.println(sink); // keeps the work alive
    }
  }

  private static double trainStep(float[] work, int step) {
    float acc = 0;
    for (int i = 0; i < work.length; i++) {
      work[i] = work[i] * 0.999f + (i ^ step) * 1e-6f;
      acc += work[i];
    }
    return acc;
  }
}
