package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.MSELoss;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.callbacks.LambdaCallback;
import dev.kiln.train.callbacks.ProgressBar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  /**
   * Fits y = 2x - 1 for two epochs of 4 batches with validation on the same data; the clock moves
   * 25 ms per batch.
   */
  private static String run(int verbose, boolean interactive) {
    Linear net = new Linear(1, 1, true, new Generator(5));
    Model model = new Model(net);
    model.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] data = Nets.line(32);
    AtomicLong now = new AtomicLong();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    model.fit(
        data[0],
        data[1],
        8,
        new FitOptions()
            .epochs(2)
            .shuffle(false, 0)
            .validationData(data[0], data[1], 32)
            .verbose(verbose)
            .progress(out, interactive, now::get)
            .callbacks(
                new Callback() {
                  @Override
                  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
                    now.addAndGet(25_000_000L);
                  }
                }));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void terminalRedrawsOneBarPerEpochInPlace() {
    String s = run(1, true);
    String[] lines = s.split("\n", -1);
    assertEquals(5, lines.length, s); // 2 x (header + bar line), then the trailing empty string
    assertEquals("Epoch 1/2", lines[0]);
    String bar = lines[1];
    // batches 1 and 3 and the end: batch 2 came 25 ms after the last frame (< 50 ms), skipped
    assertEquals(3, bar.chars().filter(c -> c == '\r').count(), bar);
    String[] frames = bar.substring(1).split("\r");
    assertTrue(
        frames[0].startsWith("1/4 [======>.......................] - ETA: 0s - loss: "), frames[0]);
    assertTrue(frames[1].startsWith("3/4 [=====================>........] - ETA: 0s"), frames[1]);
    // the final frame: 4 steps in 100 ms
    assertTrue(
        frames[2].startsWith("4/4 [==============================] - 0s 25ms/step - loss: "),
        frames[2]);
    assertTrue(frames[0].matches(".*loss: \\d+\\.\\d{4} *"), frames[0]); // no val_ mid-epoch
    assertTrue(frames[2].matches(".* - loss: \\d+\\.\\d{4} - val_loss: \\d+\\.\\d{4}"), frames[2]);
  }

  @Test
  void notATerminalPrintsOneCleanLinePerEpoch() {
    String s = run(1, false);
    assertFalse(s.contains("\r"), s);
    String[] lines = s.split("\n");
    assertEquals(4, lines.length, s);
    assertEquals("Epoch 2/2", lines[2]);
    assertTrue(
        lines[3].matches(
            "4/4 \\[={30}\\] - 0s 25ms/step - loss: \\d+\\.\\d{4} - val_loss: \\d+\\.\\d{4}"),
        lines[3]);
  }

  @Test
  void verboseTwoHasNoBarAndVerboseZeroIsSilent() {
    String s = run(2, true);
    assertFalse(s.contains("\r") || s.contains("["), s);
    assertTrue(
        s.split("\n")[1].matches(
            "4/4 - 0s - 25ms/step - loss: \\d+\\.\\d{4} - val_loss: \\d+\\.\\d{4}"),
        s);
    assertEquals("", run(0, true));
  }

  @Test
  void anEpochStoppedEarlyShowsTheStepsThatRan() {
    Linear net = new Linear(1, 1, true, new Generator(5));
    Model model = new Model(net);
    model.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] data = Nets.line(32);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    model.fit(
        data[0],
        data[1],
        8,
        new FitOptions()
            .epochs(3)
            .verbose(2)
            .progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> 0L)
            .callbacks(
                LambdaCallback.builder()
                    .onTrainBatchEnd((b, logs) -> model.stopTraining(b == 1))
                    .build()));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(2, lines.length, String.join("\n", lines));
    assertTrue(lines[1].startsWith("2/4 - 0s - "), lines[1]);
  }

  @Test
  void evaluateAndPredictDrawOneBarWithoutAnEpochHeader() {
    Linear net = new Linear(1, 1, true, new Generator(5));
    Model model = new Model(net);
    model.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] data = Nets.line(32);
    AtomicLong now = new AtomicLong();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Callback tick =
        new Callback() {
          @Override
          public void onTestBatchBegin(int batch, Map<String, Double> logs) {
            now.addAndGet(60_000_000L);
          }

          @Override
          public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
            now.addAndGet(60_000_000L);
          }
        };
    model.evaluate(
        Batches.of(data[0], data[1], 8), 1, new ProgressBar(1, out, true, now::get), tick);
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(s.contains("Epoch"), s);
    String[] frames = s.substring(1).split("\r");
    assertEquals(4, frames.length, s); // 3 batches + the end
    assertTrue(frames[1].matches("2/4 \\[={14}>\\.{15}\\] - ETA: 0s - loss: \\d+\\.\\d{4} *"), s);
    assertTrue(
        frames[3].matches("4/4 \\[={30}\\] - 0s 60ms/step - loss: \\d+\\.\\d{4}\n"), frames[3]);

    bytes.reset();
    model.predict(Batches.of(data[0], 16), 2, new ProgressBar(2, out, false, now::get), tick);
    assertEquals("2/2 - 0s - 60ms/step\n", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void evaluateAndPredictStaySilentByDefaultAndAtVerboseZero() {
    Linear net = new Linear(1, 1, true, new Generator(5));
    Model model = new Model(net);
    model.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] data = Nets.line(32);
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      model.evaluate(data[0], data[1], 8);
      model.predict(data[0], 8);
      model.evaluate(Batches.of(data[0], data[1], 8), 0);
      model.predict(data[0], 8, 0);
      assertEquals("", bytes.toString(StandardCharsets.UTF_8));
      model.evaluate(data[0], data[1], 8, 2);
      assertTrue(
          bytes
              .toString(StandardCharsets.UTF_8)
              .matches("4/4 - \\d+s - \\d+[mu]?s/step - loss: .*\n"),
          bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
    assertThrows(IllegalArgumentException.class, () -> model.predict(data[0], 8, 3));
  }

  @Test
  void byDefaultRedirectedOutputGetsCleanLinesWithoutCarriageReturns() {
    // surefire's forked JVM writes to a pipe: System.console() may exist (JDK 22+) but is not a
    // terminal, so the default progress must not redraw in place
    Linear net = new Linear(1, 1, true, new Generator(5));
    Model model = new Model(net);
    model.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] data = Nets.line(32);
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      model.fit(data[0], data[1], 8, new FitOptions().epochs(2));
    } finally {
      System.setOut(saved);
    }
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(s.contains("\r"), s);
    assertEquals(4, s.split("\n").length, s);
  }
}
