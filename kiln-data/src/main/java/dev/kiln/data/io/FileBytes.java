package dev.kiln.data.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads a whole file, gunzipping it when it starts with the gzip magic bytes. */
final class FileBytes {
  private FileBytes() {}

  static boolean isGzip(byte[] b) {
    return b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  /** The file's bytes, decompressed if it is gzip. */
  static byte[] read(Path path) throws IOException {
    byte[] raw = Files.readAllBytes(path);
    if (!isGzip(raw)) {
      return raw;
    }
    try (var in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new DataFormatException(path, "corrupt gzip data: " + e.getMessage(), e);
    }
  }
}
