package dev.kiln.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: {@code uint64 length, uint32
 * masked_crc32c(length bytes), data, uint32 masked_crc32c(data)}, all little-endian.
 */
final class RecordFraming {
  /** Bytes before the data: the length and its CRC. */
  static final int HEADER_BYTES = 12;

  /** Bytes after the data: its CRC. */
  static final int FOOTER_BYTES = 4;

  private static final int MASK_DELTA = 0xA282EAD8;

  private RecordFraming() {}

  /** CRC-32C of {@code data[offset, offset+length)}, rotated right by 15 and offset (TFRecord). */
  static int maskedCrc32c(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    return mask((int) crc.getValue());
  }

  /** The TFRecord mask of a raw CRC: {@code ((c >>> 15) | (c << 17)) + 0xA282EAD8}. */
  static int mask(int crc) {
    return Integer.rotateRight(crc, 15) + MASK_DELTA;
  }

  /** One framed record holding {@code data}. */
  static byte[] frame(byte[] data) {
    ByteBuffer out =
        ByteBuffer.allocate(HEADER_BYTES + data.length + FOOTER_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(data.length);
    out.putInt(maskedCrc32c(out.array(), 0, 8));
    out.put(data);
    out.putInt(maskedCrc32c(data, 0, data.length));
    return out.array();
  }
}
