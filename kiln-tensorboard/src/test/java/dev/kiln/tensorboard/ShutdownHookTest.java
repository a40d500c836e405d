package dev.kiln.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensorboard.proto.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer that is never closed or flushed still gets its records to disk at JVM exit. */
class ShutdownHookTest {
  @TempDir Path dir;

  /** Run in a child JVM: logs without flush or close, then returns from main. */
  public static void main(String[] args) {
    SummaryWriter w = new SummaryWriter(Path.of(args[0]));
    for (int step = 0; step < 1000; step++) {
      w.addScalar("loss", step, step);
    }
  }

  @Test
  void shutdownHookFlushesAnUnclosedWriter() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ShutdownHookTest.class.getName(),
                dir.toString())
            .inheritIO()
            .start();
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
    assertEquals(0, p.exitValue());
    List<Event> events = EventFiles.events(dir);
    assertEquals(1000, events.size());
    assertEquals(999, events.getLast().getStep());
  }
}
