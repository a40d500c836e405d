package dev.kiln.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a zip archive of in-memory members, stored or deflated, with fixed timestamps (1980-01-01
 * 00:00) so equal inputs give equal bytes. No zip64: the archive must stay under 4 GiB.
 */
final class ZipWriter {
  private ZipWriter() {}

  private static final long LIMIT = 0xFFFFFFFFL;
  private static final short DOS_DATE_1980_01_01 = (1 << 5) | 1;

  private record Written(byte[] name, int method, int crc, long csize, long size, long offset) {}

  /** Writes the members named {@code names} with contents {@code data} to {@code out}. */
  static void write(WritableByteChannel out, List<String> names, List<byte[]> data, boolean deflate)
      throws IOException {
    List<Written> written = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < names.size(); i++) {
      byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
      byte[] raw = data.get(i);
      CRC32 crc = new CRC32();
      crc.update(raw);
      byte[] body = deflate ? deflate(raw) : raw;
      int method = deflate ? ZipReader.DEFLATED : ZipReader.STORED;
      Written w = new Written(name, method, (int) crc.getValue(), body.length, raw.length, offset);
      ByteBuffer local = header(0x04034b50, 30, w, names.get(i));
      AtomicFile.writeFully(out, local.flip());
      AtomicFile.writeFully(out, ByteBuffer.wrap(body));
      offset += local.limit() + body.length;
      written.add(w);
    }
    long cdStart = offset;
    for (int i = 0; i < written.size(); i++) {
      ByteBuffer central = header(0x02014b50, 46, written.get(i), names.get(i));
      AtomicFile.writeFully(out, central.flip());
      offset += central.limit();
    }
    check(offset, "archive");
    ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) written.size()).putShort((short) written.size());
    end.putInt((int) (offset - cdStart)).putInt((int) cdStart).putShort((short) 0);
    AtomicFile.writeFully(out, end.flip());
  }

  /** A local (30-byte) or central (46-byte) header for {@code w}. */
  private static ByteBuffer header(int sig, int fixed, Written w, String name) {
    check(w.size(), name);
    check(w.offset(), name);
    boolean central = fixed == 46;
    boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(name);
    ByteBuffer b = ByteBuffer.allocate(fixed + w.name().length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(sig);
    if (central) {
      b.putShort((short) 20); // version made by: 2.0, MS-DOS attributes
    }
    b.putShort((short) 20).putShort((short) (ascii ? 0 : 0x800)).putShort((short) w.method());
    b.putShort((short) 0).putShort(DOS_DATE_1980_01_01);
    b.putInt(w.crc()).putInt((int) w.csize()).putInt((int) w.size());
    b.putShort((short) w.name().length).putShort((short) 0);
    if (central) {
      b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0);
      b.putInt((int) w.offset());
    }
    return b.put(w.name());
  }

  private static void check(long value, String what) {
    if (value >= LIMIT) {
      throw new IllegalArgumentException(
          "npz: " + what + " reaches 4 GiB; Kiln does not write zip64 archives");
    }
  }

  private static byte[] deflate(byte[] raw) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(raw);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      while (!deflater.finished()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }
}
