package dev.kiln.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensorboard.proto.Event;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CRC checks: every flipped byte is caught with file and offset; a torn tail is tolerated. */
class EventFileReaderTest {
  @TempDir Path dir;
  private byte[] bytes;
  private List<Long> recordStarts;

  @BeforeEach
  void writeSmallFile() throws Exception {
    try (SummaryWriter w = new SummaryWriter(dir.resolve("run"))) {
      w.addScalar("a", 1, 0);
      w.addText("b", "hello", 1);
      w.addHistogram("c", new double[] {1, 2, 3}, 2);
    }
    bytes = Files.readAllBytes(EventFiles.only(dir.resolve("run")));
    recordStarts = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (long at = 0; at < bytes.length; at += 16 + b.getLong((int) at)) {
      recordStarts.add(at);
    }
    assertEquals(4, recordStarts.size());
  }

  @Test
  void everyFlippedByteIsDetectedAtItsRecord() throws Exception {
    Path bad = dir.resolve("bad");
    for (int i = 0; i < bytes.length; i++) {
      byte[] copy = bytes.clone();
      copy[i] ^= 0x10;
      Files.write(bad, copy);
      long expectedOffset = recordStarts.get(recordOf(i));
      CorruptEventFileException e =
          assertThrows(
              CorruptEventFileException.class,
              () -> EventFileReader.readAll(bad),
              "flipped byte " + i);
      assertEquals(expectedOffset, e.offset(), "flipped byte " + i);
      assertEquals(bad, e.file());
      assertTrue(
          e.getMessage().startsWith(bad + ": corrupt record at offset " + expectedOffset),
          e.getMessage());
    }
  }

  @Test
  void aTruncatedLastRecordIsReportedAndEarlierRecordsReturned() throws Exception {
    Path torn = dir.resolve("torn");
    long last = recordStarts.getLast();
    for (int cut = (int) last + 1; cut < bytes.length; cut++) {
      Files.write(torn, Arrays.copyOf(bytes, cut));
      List<Event> events = new ArrayList<>();
      try (EventFileReader reader = EventFileReader.open(torn)) {
        reader.forEach(events::add);
        assertEquals(last, reader.truncatedAt().orElseThrow(), "cut at " + cut);
      }
      assertEquals(3, events.size(), "cut at " + cut);
      assertEquals(
          "hello",
          events.get(2).getSummary().getValue(0).getTensor().getStringVal(0).toStringUtf8());
    }
  }

  @Test
  void iteratorWrapsCorruption() throws Exception {
    byte[] copy = bytes.clone();
    copy[(int) (recordStarts.get(2) + 14)] ^= 1;
    Path bad = Files.write(dir.resolve("bad"), copy);
    try (EventFileReader reader = EventFileReader.open(bad)) {
      var it = reader.iterator();
      it.next();
      it.next();
      UncheckedIOException e = assertThrows(UncheckedIOException.class, it::next);
      assertEquals(recordStarts.get(2), ((CorruptEventFileException) e.getCause()).offset());
    }
  }

  private int recordOf(int byteIndex) {
    int r = 0;
    while (r + 1 < recordStarts.size() && recordStarts.get(r + 1) <= byteIndex) {
      r++;
    }
    return r;
  }
}
