package dev.kiln.tensorboard;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** A minimal PNG encoder for 8-bit grey, RGB or RGBA pixels (no filtering, zlib level 6). */
final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private PngEncoder() {}

  /**
   * Encodes {@code pixels}, row-major height x width x channels bytes.
   *
   * @throws IllegalArgumentException if channels is not 1, 3 or 4 or the sizes disagree
   */
  static byte[] encode(int height, int width, int channels, byte[] pixels) {
    int colorType =
        switch (channels) {
          case 1 -> 0;
          case 3 -> 2;
          case 4 -> 6;
          default ->
              throw new IllegalArgumentException(
                  "PNG: expected 1, 3 or 4 channels, got " + channels);
        };
    int rowBytes = width * channels;
    if ((long) rowBytes * height != pixels.length) {
      throw new IllegalArgumentException(
          "PNG: " + pixels.length + " bytes for " + height + "x" + width + "x" + channels);
    }
    byte[] raw = new byte[(rowBytes + 1) * height];
    for (int y = 0; y < height; y++) {
      System.arraycopy(pixels, y * rowBytes, raw, y * (rowBytes + 1) + 1, rowBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
    out.writeBytes(SIGNATURE);
    ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
    header.put((byte) 8).put((byte) colorType).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", header.array());
    chunk(out, "IDAT", deflate(raw));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] raw) {
    Deflater deflater = new Deflater(6);
    try {
      deflater.setInput(raw);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
      byte[] buf = new byte[1 << 16];
      while (!deflater.finished()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
