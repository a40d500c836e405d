package dev.kiln.tensorboard.bench;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensorboard.SummaryWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Manual throughput measurement (not run by the test suite, not JMH): how much does logging 100,000
 * scalars and 100 histograms of 1M values slow a training loop, compared with only copying the same
 * values? The "training step" is a fixed amount of arithmetic. Run:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx4g -cp CLASSPATH \
 *     dev.kiln.tensorboard.bench.WriterThroughput [rounds]
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
      long base = loop(w, work, Mode.NONE);
      long copy = loop(w, work, Mode.COPY);
      long log = loop(w, work, Mode.LOG);
      System.out.printf(
          "round %d: training loop %d ms, + copying values %d ms (+%d), + SummaryWriter %d ms"
              + " (+%d)%n",
          r, base, copy, copy - base, log, log - base);
    }
  }

  private enum Mode {
    NONE,
    COPY,
    LOG
  }

  private static long loop(Tensor weights, float[] work, Mode mode) throws Exception {
    Path dir = Files.createTempDirectory("kiln-tb-bench");
    SummaryWriter writer = mode == Mode.LOG ? new SummaryWriter(dir) : null;
    double sink = 0;
    long inCalls = 0;
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
          case COPY -> sink += weights.toDoubleArray()[step % HISTOGRAM_SIZE];
          case LOG -> writer.addHistogram("weights", weights, step);
        }
      }
      inCalls += System.nanoTime() - callStart;
    }
    long loopMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("  %s: %d ms inside the logging/copy calls%n", mode, inCalls / 1_000_000);
    if (writer != null) {
      long closeStart = System.nanoTime();
      writer.close();
      System.out.printf(
          "  writer drained %d ms after the loop; files %d MB%n",
          (System.nanoTime() - closeStart) / 1_000_000, size(dir) >> 20);
    }
    if (sink == 42) {
      System.out.println(sink); // keeps the work alive
    }
    return loopMs;
  }

  private static double trainStep(float[] work, int step) {
    float acc = 0;
    for (int i = 0; i < work.length; i++) {
      work[i] = work[i] * 0.999f + (i ^ step) * 1e-6f;
      acc += work[i];
    }
    return acc;
  }

  private static long size(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
