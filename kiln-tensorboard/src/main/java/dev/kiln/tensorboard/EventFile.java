package dev.kiln.tensorboard;

import dev.kiln.tensorboard.proto.Event;
import dev.kiln.tensorboard.proto.SourceMetadata;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event file being appended to: {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>} in a run
 * directory, starting with the {@code file_version} record. Used by the writer thread only.
 */
final class EventFile implements AutoCloseable {
  /** The version string TensorBoard expects in the first record. */
  static final String FILE_VERSION = "brain.Event:2";

  /** The writer named in the first record's {@code source_metadata}. */
  static final String WRITER_NAME = "dev.kiln.tensorboard.SummaryWriter";

  private static final AtomicInteger FILE_COUNTER = new AtomicInteger();
  private static final String HOST = hostName();

  private final Path path;
  private final OutputStream out;

  private EventFile(Path path, OutputStream out) {
    this.path = path;
    this.out = out;
  }

  /**
   * Creates the run directory and a new event file in it, and writes and flushes the {@code
   * file_version} record.
   */
  static EventFile create(Path runDir, String suffix, double wallTime) throws IOException {
    Files.createDirectories(runDir);
    String name =
        String.format(
            "events.out.tfevents.%010d.%s.%d.%d%s",
            (long) wallTime,
            HOST,
            ProcessHandle.current().pid(),
            FILE_COUNTER.getAndIncrement(),
            suffix);
    Path path = runDir.resolve(name);
    OutputStream out =
        new BufferedOutputStream(
            Files.newOutputStream(path, StandardOpenOption.CREATE_NEW), 1 << 16);
    EventFile file = new EventFile(path, out);
    file.write(
        Event.newBuilder()
            .setWallTime(wallTime)
            .setFileVersion(FILE_VERSION)
            .setSourceMetadata(SourceMetadata.newBuilder().setWriter(WRITER_NAME))
            .build());
    file.flush();
    return file;
  }

  /** The file's path. */
  Path path() {
    return path;
  }

  /** Appends one framed event (buffered). */
  void write(Event event) throws IOException {
    out.write(RecordFraming.frame(event.toByteArray()));
  }

  /** Hands buffered records to the operating system. */
  void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
