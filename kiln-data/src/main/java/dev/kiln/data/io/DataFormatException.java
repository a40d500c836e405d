package dev.kiln.data.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file whose contents are not what its format requires (wrong magic number, truncated,
 * inconsistent counts, undecodable image); the message names the file and, where known, the byte
 * offset or sample index.
 */
public final class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The offending file. */
  private final transient Path file;

  /** A problem in {@code file}, described by {@code message} (which should say where). */
  public DataFormatException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  /** The same, with the underlying cause. */
  public DataFormatException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
