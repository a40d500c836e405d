package dev.kiln.io;

import java.io.IOException;

/**
 * A file (or archive member) that is malformed, truncated, or uses a feature Kiln does not read (an
 * unsupported dtype, a pickled object array). The message names the source, the byte offset where
 * the problem was found and what was expected there, for example {@code model.safetensors: byte 8:
 * expected a JSON object header, found '['}.
 */
public class FileFormatException extends IOException {
  private final String source;
  private final long offset;

  /**
   * Creates the exception.
   *
   * @param source the file (or {@code archive.npz member a.npy}) being read
   * @param offset the byte offset at which the problem was found
   * @param problem what was expected and what was found
   */
  public FileFormatException(String source, long offset, String problem) {
    super(source + ": byte " + offset + ": " + problem);
    this.source = source;
    this.offset = offset;
  }

  /** The file or archive member that was being read. */
  public String source() {
    return source;
  }

  /** The byte offset at which the problem was found. */
  public long offset() {
    return offset;
  }
}
