package dev.kiln.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads the central directory of a zip archive (with zip64 records) and opens members stored or
 * deflated. Every size and offset is checked against the file before it is used.
 */
final class ZipReader {
  private ZipReader() {}

  static final int STORED = 0;
  static final int DEFLATED = 8;

  private static final int EOCD_SIG = 0x06054b50;
  private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
  private static final int ZIP64_EOCD_SIG = 0x06064b50;
  private static final int CENTRAL_SIG = 0x02014b50;
  private static final int LOCAL_SIG = 0x04034b50;
  private static final int EOCD_LEN = 22;
  private static final int CENTRAL_LEN = 46;
  private static final int LOCAL_LEN = 30;

  /**
   * One archive member.
   *
   * @param dataOffset file offset of the member's (compressed) data
   * @param entryOffset file offset of its central directory entry, for error messages
   */
  record Member(
      String name,
      int method,
      long crc,
      long compressedSize,
      long size,
      long dataOffset,
      long entryOffset) {}

  /** The members of the archive open on {@code ch}, in central directory order. */
  static List<Member> members(FileChannel ch, String source) throws IOException {
    long fileSize = ch.size();
    int tailLen = (int) Math.min(fileSize, EOCD_LEN + 0xFFFF);
    ByteBuffer tail = read(ch, fileSize - tailLen, tailLen, source, "the end of the archive");
    int eocd = -1;
    for (int i = tailLen - EOCD_LEN; i >= 0; i--) {
      if (tail.getInt(i) == EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new FileFormatException(
          source,
          Math.max(0, fileSize - EOCD_LEN),
          "expected a zip end-of-central-directory record; this is not a zip (.npz) archive");
    }
    long eocdPos = fileSize - tailLen + eocd;
    long count = tail.getShort(eocd + 10) & 0xFFFF;
    long cdSize = tail.getInt(eocd + 12) & 0xFFFFFFFFL;
    long cdOffset = tail.getInt(eocd + 16) & 0xFFFFFFFFL;
    long cdLimit = eocdPos;
    if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
      if (eocdPos < 20) {
        throw new FileFormatException(source, eocdPos, "expected a zip64 locator before this");
      }
      ByteBuffer loc = read(ch, eocdPos - 20, 20, source, "the zip64 locator");
      if (loc.getInt(0) != ZIP64_LOCATOR_SIG) {
        throw new FileFormatException(source, eocdPos - 20, "expected a zip64 locator signature");
      }
      long z64 = loc.getLong(8);
      if (z64 < 0 || z64 + 56 > eocdPos - 20) {
        throw new FileFormatException(
            source, eocdPos - 12, "zip64 record offset " + z64 + " is outside the archive");
      }
      ByteBuffer rec = read(ch, z64, 56, source, "the zip64 end record");
      if (rec.getInt(0) != ZIP64_EOCD_SIG) {
        throw new FileFormatException(source, z64, "expected a zip64 end-record signature");
      }
      count = rec.getLong(32);
      cdSize = rec.getLong(40);
      cdOffset = rec.getLong(48);
      cdLimit = z64;
    }
    if (cdOffset < 0 || cdSize < 0 || cdSize > Integer.MAX_VALUE || cdOffset + cdSize > cdLimit) {
      throw new FileFormatException(
          source,
          eocdPos,
          "central directory ["
              + cdOffset
              + ", +"
              + cdSize
              + ") lies outside the archive (it must end by byte "
              + cdLimit
              + ")");
    }
    if (count < 0 || count > cdSize / CENTRAL_LEN) {
      throw new FileFormatException(
          source,
          eocdPos,
          count + " entries cannot fit in a central directory of " + cdSize + " bytes");
    }
    ByteBuffer cd = read(ch, cdOffset, (int) cdSize, source, "the central directory");
    List<Member> members = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int p = 0;
    for (long i = 0; i < count; i++) {
      Member m = entry(ch, cd, p, cdOffset, source);
      if (!names.add(m.name())) {
        throw new FileFormatException(source, cdOffset + p, "duplicate member " + m.name());
      }
      members.add(m);
      p +=
          CENTRAL_LEN
              + (cd.getShort(p + 28) & 0xFFFF)
              + (cd.getShort(p + 30) & 0xFFFF)
              + (cd.getShort(p + 32) & 0xFFFF);
    }
    return members;
  }

  private static Member entry(FileChannel ch, ByteBuffer cd, int p, long cdOffset, String source)
      throws IOException {
    long at = cdOffset + p;
    if (p + CENTRAL_LEN > cd.limit() || cd.getInt(p) != CENTRAL_SIG) {
      throw new FileFormatException(source, at, "expected a central directory entry");
    }
    int flags = cd.getShort(p + 8) & 0xFFFF;
    int method = cd.getShort(p + 10) & 0xFFFF;
    long crc = cd.getInt(p + 16) & 0xFFFFFFFFL;
    long csize = cd.getInt(p + 20) & 0xFFFFFFFFL;
    long size = cd.getInt(p + 24) & 0xFFFFFFFFL;
    int nameLen = cd.getShort(p + 28) & 0xFFFF;
    int extraLen = cd.getShort(p + 30) & 0xFFFF;
    int commentLen = cd.getShort(p + 32) & 0xFFFF;
    long local = cd.getInt(p + 42) & 0xFFFFFFFFL;
    if (p + CENTRAL_LEN + nameLen + extraLen + commentLen > cd.limit()) {
      throw new FileFormatException(source, at, "central directory entry runs past its end");
    }
    byte[] nameBytes = new byte[nameLen];
    cd.get(p + CENTRAL_LEN, nameBytes);
    String name =
        new String(
            nameBytes, (flags & 0x800) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int x = p + CENTRAL_LEN + nameLen;
    for (int end = x + extraLen; x + 4 <= end; ) {
      int id = cd.getShort(x) & 0xFFFF;
      int len = cd.getShort(x + 2) & 0xFFFF;
      if (id == 1) {
        int q = x + 4;
        int qEnd = Math.min(q + len, end);
        if (size == 0xFFFFFFFFL && q + 8 <= qEnd) {
          size = cd.getLong(q);
          q += 8;
        }
        if (csize == 0xFFFFFFFFL && q + 8 <= qEnd) {
          csize = cd.getLong(q);
          q += 8;
        }
        if (local == 0xFFFFFFFFL && q + 8 <= qEnd) {
          local = cd.getLong(q);
        }
      }
      x += 4 + len;
    }
    String what = "member " + name + ": ";
    if ((flags & 1) != 0) {
      throw new FileFormatException(source, at, what + "encrypted members are not supported");
    }
    if (method != STORED && method != DEFLATED) {
      throw new FileFormatException(
          source, at, what + "compression method " + method + " (expected 0 stored or 8 deflated)");
    }
    if (size < 0 || csize < 0 || local < 0 || local + LOCAL_LEN > cdOffset) {
      throw new FileFormatException(
          source, at, what + "local header offset " + local + " is outside the archive");
    }
    ByteBuffer lh = read(ch, local, LOCAL_LEN, source, "a local file header");
    if (lh.getInt(0) != LOCAL_SIG) {
      throw new FileFormatException(source, local, what + "expected a local file header signature");
    }
    long data = local + LOCAL_LEN + (lh.getShort(26) & 0xFFFF) + (lh.getShort(28) & 0xFFFF);
    if (data + csize > cdOffset) {
      throw new FileFormatException(
          source,
          data,
          what
              + csize
              + " compressed bytes from byte "
              + data
              + " run past the central directory at byte "
              + cdOffset);
    }
    return new Member(name, method, crc, csize, size, data, at);
  }

  /** The member's uncompressed bytes; the caller bounds how many it reads and checks the CRC. */
  static InputStream open(FileChannel ch, Member m) {
    InputStream raw = new ChannelSlice(ch, m.dataOffset(), m.compressedSize());
    return m.method() == STORED ? raw : new InflaterInputStream(raw, new Inflater(true), 1 << 16);
  }

  private static ByteBuffer read(FileChannel ch, long at, int len, String source, String what)
      throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    ch.position(at);
    TensorBytes.readFully(ch, buf, source, at, at + len, what);
    return buf.flip();
  }

  /** A byte range of a file as a stream, read with positioned reads. */
  private static final class ChannelSlice extends InputStream {
    private final FileChannel ch;
    private long pos;
    private final long end;

    ChannelSlice(FileChannel ch, long start, long length) {
      this.ch = ch;
      this.pos = start;
      this.end = start + length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos >= end) {
        return -1;
      }
      int n = (int) Math.min(len, end - pos);
      int r = ch.read(ByteBuffer.wrap(b, off, n), pos);
      if (r > 0) {
        pos += r;
      }
      return r;
    }
  }
}
