package dev.kiln.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensorboard.proto.Event;
import dev.kiln.tensorboard.proto.HistogramProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kiln's reader parses an event file written by an independent writer: {@code
 * tools/tensorboard/check_events.py write-reference} (Python protobuf, pure-Python CRC-32C). The
 * expected values are the ones that script writes.
 */
class ReferenceFileTest {
  @Test
  void readsTheIndependentlyWrittenReferenceFile() throws Exception {
    Path file =
        Path.of(
            ReferenceFileTest.class
                .getResource("/reference/events.out.tfevents.1700000000.reference.0.0")
                .toURI());
    try (EventFileReader reader = EventFileReader.open(file)) {
      List<Event> events = new ArrayList<>();
      reader.forEach(events::add);
      assertTrue(reader.truncatedAt().isEmpty());
      assertEquals(13, events.size());
      assertEquals("brain.Event:2", events.get(0).getFileVersion());
      assertEquals(
          "tools/tensorboard/check_events.py", events.get(0).getSourceMetadata().getWriter());
      for (int step = 0; step < 10; step++) {
        Event e = events.get(1 + step);
        assertEquals(step, e.getStep());
        assertEquals(1700000001.0 + step, e.getWallTime());
        assertEquals("ref/loss", EventFiles.value(e).getTag());
        assertEquals((float) Math.pow(0.5, step), EventFiles.value(e).getSimpleValue());
      }
      HistogramProto h = EventFiles.value(events.get(11)).getHisto();
      assertEquals(List.of(0.0, 1.0, 2.0), h.getBucketLimitList());
      assertEquals(List.of(1.0, 2.0, 1.0), h.getBucketList());
      assertEquals(4, h.getNum());
      assertEquals(5.25, h.getSumSquares());
      assertEquals(
          "reference text",
          EventFiles.value(events.get(12)).getTensor().getStringVal(0).toStringUtf8());
      assertEquals(21, events.get(12).getStep());
    }
  }
}
