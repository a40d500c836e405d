package dev.kiln.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensorboard.proto.Event;
import dev.kiln.tensorboard.proto.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: find the event file of a run directory and read its summary values. */
final class EventFiles {
  private EventFiles() {}

  /** The one event file directly inside {@code runDir}. */
  static Path only(Path runDir) {
    try (Stream<Path> files = Files.list(runDir)) {
      List<Path> events =
          files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
      assertEquals(1, events.size(), "event files in " + runDir + ": " + events);
      return events.getFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The events of the run's file after the file_version record. */
  static List<Event> events(Path runDir) {
    try {
      List<Event> all = EventFileReader.readAll(only(runDir));
      assertEquals("brain.Event:2", all.getFirst().getFileVersion());
      return all.subList(1, all.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The single summary value of an event. */
  static Summary.Value value(Event e) {
    assertEquals(1, e.getSummary().getValueCount(), "values in " + e);
    return e.getSummary().getValue(0);
  }
}
