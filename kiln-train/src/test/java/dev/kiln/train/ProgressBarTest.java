package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.MSELoss;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.callbacks.LambdaCallback;
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
    assertEquals(4, bar.chars().filter(c -> c == '\r').count(), bar); // 3 batches + the end
    String[] frames = bar.substring(1).split("\r");
    assertTrue(
        frames[0].startsWith("1/4 [======>.......................] - ETA: 0s - loss: "), frames[0]);
    // the final frame: 4 steps in 100 ms
    assertTrue(
        frames[3].startsWith("4/4 [==============================] - 0s 25ms/step - loss: "),
        frames[3]);
    assertTrue(frames[0].matches(".*loss: \\d+\\.\\d{4} *"), frames[0]); // no val_ mid-epoch
    assertTrue(frames[3].matches(".* - loss: \\d+\\.\\d{4} - val_loss: \\d+\\.\\d{4}"), frames[3]);
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
}
