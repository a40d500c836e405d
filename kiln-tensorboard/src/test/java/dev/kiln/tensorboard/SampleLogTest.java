package dev.kiln.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensorboard.proto.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes {@link SampleLog} and reads it back. With {@code -Dkiln.tensorboard.sampleDir=DIR} the
 * sample goes to DIR instead, for {@code tools/tensorboard/check_events.py}.
 */
class SampleLogTest {
  @TempDir Path tmp;

  @Test
  void sampleLogReadsBack() throws Exception {
    String target = System.getProperty("kiln.tensorboard.sampleDir");
    Path dir = target == null ? tmp : Path.of(target);
    SampleLog.write(dir);
    List<Event> main = EventFiles.events(dir);
    // 5 scalars, histogram, image, text, pr curve, graph, custom scalars
    assertEquals(11, main.size());
    assertTrue(main.stream().allMatch(e -> e.getWallTime() > 1.6e9));
    assertEquals(4, EventFiles.events(dir.resolve("hp")).size());
    assertEquals(1, EventFiles.events(dir.resolve("lr_a")).size());
    assertTrue(Files.exists(dir.resolve("00006/points/tensors.tsv")));
  }
}
