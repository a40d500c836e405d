package dev.kiln.tensorboard;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.kiln.tensorboard.proto.Event;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * Reads the events of a TensorBoard event file (any TFRecord file of {@code Event} protos),
 * checking both CRCs of every record. A corrupt record throws {@link CorruptEventFileException}
 * naming the file and offset. A truncated last record, as a crash mid-write leaves, ends the
 * iteration normally: the events before it are returned and {@link #truncatedAt()} gives its offset
 * (also logged as a warning). Not thread-safe.
 *
 * <pre>{@code
 * for (Event e : EventFileReader.readAll(path)) {
 *   if (e.hasSummary()) {
 *     for (Summary.Value v : e.getSummary().getValueList()) {
 *       System.out.println(e.getStep() + " " + v.getTag() + " " + v.getSimpleValue());
 *     }
 *   }
 * }
 * }</pre>
 */
public final class EventFileReader implements Iterable<Event>, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventFileReader.class.getName());

  private final Path file;
  private final InputStream in;
  private long offset;
  private long truncatedAt = -1;
  private boolean iterated;

  private EventFileReader(Path file, InputStream in) {
    this.file = file;
    this.in = in;
  }

  /** Opens {@code file} for reading from its first record. */
  public static EventFileReader open(Path file) throws IOException {
    return new EventFileReader(file, new BufferedInputStream(Files.newInputStream(file), 1 << 16));
  }

  /**
   * All events of {@code file}; a truncated last record is logged and left out.
   *
   * @throws CorruptEventFileException if a record fails its CRC or does not parse
   */
  public static List<Event> readAll(Path file) throws IOException {
    try (EventFileReader reader = open(file)) {
      List<Event> events = new ArrayList<>();
      Event e;
      while ((e = reader.next()) != null) {
        events.add(e);
      }
      return events;
    }
  }

  /** The file being read. */
  public Path path() {
    return file;
  }

  /** The offset of a truncated last record, once iteration has reached it. */
  public OptionalLong truncatedAt() {
    return truncatedAt < 0 ? OptionalLong.empty() : OptionalLong.of(truncatedAt);
  }

  /**
   * The events, once; a corrupt record throws {@link UncheckedIOException} wrapping {@link
   * CorruptEventFileException}.
   */
  @Override
  public Iterator<Event> iterator() {
    if (iterated) {
      throw new IllegalStateException("EventFileReader for " + file + " can be iterated once");
    }
    iterated = true;
    return new Iterator<>() {
      private Event pending;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (pending == null && !done) {
          try {
            pending = EventFileReader.this.next();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          done = pending == null;
        }
        return pending != null;
      }

      @Override
      public Event next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more events in " + file);
        }
        Event e = pending;
        pending = null;
        return e;
      }
    };
  }

  /** The next event, or null at the end of the file or at a truncated last record. */
  private Event next() throws IOException {
    long start = offset;
    byte[] header = in.readNBytes(RecordFraming.HEADER_BYTES);
    if (header.length == 0) {
      return null;
    }
    if (header.length < RecordFraming.HEADER_BYTES) {
      return truncated(start, header.length, RecordFraming.HEADER_BYTES);
    }
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = h.getLong(0);
    if (h.getInt(8) != RecordFraming.maskedCrc32c(header, 0, 8)) {
      throw new CorruptEventFileException(
          file, start, "length CRC mismatch (length " + length + ")");
    }
    if (length < 0 || length > Integer.MAX_VALUE - 16) {
      throw new CorruptEventFileException(file, start, "record length " + length + " too large");
    }
    byte[] data = in.readNBytes((int) length);
    byte[] footer = in.readNBytes(RecordFraming.FOOTER_BYTES);
    long total = RecordFraming.HEADER_BYTES + length + RecordFraming.FOOTER_BYTES;
    long present = RecordFraming.HEADER_BYTES + data.length + footer.length;
    if (present < total) {
      return truncated(start, present, total);
    }
    int crc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (crc != RecordFraming.maskedCrc32c(data, 0, data.length)) {
      throw new CorruptEventFileException(file, start, "data CRC mismatch (length " + length + ")");
    }
    offset += total;
    try {
      return Event.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptEventFileException(file, start, "not an Event: " + e.getMessage());
    }
  }

  private Event truncated(long start, long present, long total) {
    truncatedAt = start;
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: last record at offset {1} is truncated ({2} of {3} bytes); ignoring it",
        file,
        start,
        present,
        total);
    return null;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
