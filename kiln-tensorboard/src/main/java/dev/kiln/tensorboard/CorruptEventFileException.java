package dev.kiln.tensorboard;

import java.io.IOException;
import java.nio.file.Path;

/** An event file record that fails its CRC or does not parse; names the file and the offset. */
public final class CorruptEventFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  /** A corrupt record at byte {@code offset} of {@code file}. */
  public CorruptEventFileException(Path file, long offset, String problem) {
    super(file + ": corrupt record at offset " + offset + ": " + problem);
    this.file = file;
    this.offset = offset;
  }

  /** The event file. */
  public Path file() {
    return file;
  }

  /** The byte offset of the start of the bad record. */
  public long offset() {
    return offset;
  }
}
