package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, at its default settings, and its output files. */
class QuickstartTest {
  @TempDir Path dir;

  @Test
  void defaultRunReachesNinetySevenPercentAndWritesEveryFile() throws Exception {
    var bytes = new ByteArrayOutputStream();
    Quickstart.Result r;
    try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      r = Quickstart.run(new Quickstart.Settings(dir, 15, 32, 0, 2), out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(r.testAccuracy() >= 0.97, "test accuracy " + r.testAccuracy() + "\n" + text);
    assertEquals(360, Arrays.stream(r.confusion()).flatMapToLong(Arrays::stream).sum());
    assertTrue(text.contains("Epoch 15/15"), text);
    assertTrue(text.contains("Confusion matrix"), text);
    assertTrue(text.contains("tensorboard --logdir " + dir.resolve("tensorboard")), text);
    for (Path p : r.written()) {
      assertTrue(Files.exists(p), p + " missing");
    }
    try (var events = Files.list(dir.resolve("tensorboard/train"))) {
      assertTrue(events.anyMatch(p -> p.getFileName().toString().startsWith("events.out")));
    }
    var history = ImageIO.read(dir.resolve("history.png").toFile());
    var confusion = ImageIO.read(dir.resolve("confusion.png").toFile());
    assertTrue(history.getWidth() >= 400 && history.getHeight() >= 300);
    assertTrue(confusion.getWidth() >= 300 && confusion.getHeight() >= 300);
    assertTrue(Files.readAllLines(dir.resolve("history.csv")).size() == 16);
  }
}
