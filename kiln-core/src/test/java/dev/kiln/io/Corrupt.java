package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.function.Executable;

/** Assertions and builders for the corruption tests. */
final class Corrupt {
  private Corrupt() {}

  /**
   * Asserts that {@code read} fails with a {@link FileFormatException} naming {@code source} and
   * {@code offset}, whose message contains every fragment.
   */
  static FileFormatException assertFails(
      Executable read, String source, long offset, String... fragments) {
    FileFormatException e = assertThrows(FileFormatException.class, read);
    String msg = e.getMessage();
    assertTrue(msg.startsWith(source + ": byte " + offset + ": "), "message: " + msg);
    assertEquals(offset, e.offset(), msg);
    for (String f : fragments) {
      assertTrue(msg.contains(f), "expected '" + f + "' in: " + msg);
    }
    return e;
  }

  /** A version 1.0 {@code .npy} file with the given dict text (padded as NumPy pads) and data. */
  static byte[] npy(String dict, byte[] data) {
    int hlen = dict.length() + 1;
    int total = hlen + 64 - (10 + hlen) % 64;
    ByteBuffer b = ByteBuffer.allocate(10 + total + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) total);
    b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    while (b.position() < 10 + total - 1) {
      b.put((byte) ' ');
    }
    return b.put((byte) '\n').put(data).array();
  }

  /** A safetensors file with the given header text (padded to 8 bytes) and data. */
  static byte[] safetensors(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    int padded = h.length + (8 - h.length % 8) % 8;
    ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(padded).put(h);
    while (b.position() < 8 + padded) {
      b.put((byte) ' ');
    }
    return b.put(data).array();
  }
}
