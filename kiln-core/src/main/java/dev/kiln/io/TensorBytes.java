package dev.kiln.io;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Converts between tensor elements and raw bytes in chunks, so that no byte buffer larger than
 * {@link #CHUNK} is ever allocated.
 */
final class TensorBytes {
  private TensorBytes() {}

  /** Bytes converted per step; a multiple of every element size. */
  static final int CHUNK = 1 << 20;

  /** Largest element count a Kiln tensor can hold (its storage is a Java array). */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  /**
   * The element count of {@code shape}, or -1 if a Kiln tensor cannot have that shape: as in {@code
   * Shapes.numel}, every running product of the dimensions must stay within the limit.
   */
  static long kilnNumel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d > MAX_ELEMENTS) {
        return -1;
      }
      n *= d; // both factors are at most MAX_ELEMENTS < 2^31: no overflow
      if (n > MAX_ELEMENTS) {
        return -1;
      }
    }
    return n;
  }

  /**
   * Reads {@code count} elements of {@code dtype} from {@code in} into new storage.
   *
   * @param offset the byte offset of the first element in {@code source}, for error messages
   */
  static Storage read(
      ReadableByteChannel in, DType dtype, int count, ByteOrder order, String source, long offset)
      throws IOException {
    Storage storage = Storage.allocate(dtype, count);
    int per = CHUNK / dtype.itemSize();
    ByteBuffer buf =
        ByteBuffer.allocate((int) Math.min(CHUNK, (long) count * dtype.itemSize())).order(order);
    long expectedEnd = offset + (long) count * dtype.itemSize();
    for (int done = 0; done < count; ) {
      int n = Math.min(per, count - done);
      buf.clear().limit(n * dtype.itemSize());
      long at = offset + (long) done * dtype.itemSize();
      readFully(in, buf, source, at, expectedEnd, "tensor data");
      buf.flip();
      decode(buf, storage, dtype, done, n);
      done += n;
    }
    return storage;
  }

  /**
   * Fills {@code buf} from {@code in}; a premature end of input is a {@link FileFormatException}
   * naming the offset where the data ended and the offset it should have reached.
   */
  static void readFully(
      ReadableByteChannel in, ByteBuffer buf, String source, long at, long expectedEnd, String what)
      throws IOException {
    int start = buf.position();
    while (buf.hasRemaining()) {
      if (in.read(buf) < 0) {
        throw new FileFormatException(
            source,
            at + buf.position() - start,
            "unexpected end of data while reading "
                + what
                + " (expected data up to byte "
                + expectedEnd
                + ")");
      }
    }
  }

  private static void decode(ByteBuffer buf, Storage storage, DType dtype, int at, int n) {
    switch (storage) {
      case Storage.FloatStorage f -> buf.asFloatBuffer().get(f.data(), at, n);
      case Storage.DoubleStorage d -> buf.asDoubleBuffer().get(d.data(), at, n);
      case Storage.LongStorage l -> buf.asLongBuffer().get(l.data(), at, n);
      case Storage.IntStorage i -> buf.asIntBuffer().get(i.data(), at, n);
      case Storage.ShortStorage s -> buf.asShortBuffer().get(s.data(), at, n);
      case Storage.ByteStorage b -> {
        buf.get(b.data(), at, n);
        if (dtype == DType.BOOL) {
          byte[] data = b.data();
          for (int k = at; k < at + n; k++) {
            data[k] = (byte) (data[k] != 0 ? 1 : 0);
          }
        }
      }
    }
  }

  /** Writes the logical (row-major) elements of {@code t} to {@code out} in {@code order}. */
  static void write(WritableByteChannel out, Tensor t, ByteOrder order) throws IOException {
    Tensor c = t.contiguous();
    int count = c.numel();
    int base = c.storageOffset();
    int size = c.dtype().itemSize();
    int per = CHUNK / size;
    ByteBuffer buf =
        ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(count, 1L) * size)).order(order);
    for (int done = 0; done < count; ) {
      int n = Math.min(per, count - done);
      buf.clear();
      encode(buf, c.storage(), base + done, n);
      buf.position(n * size).flip();
      AtomicFile.writeFully(out, buf);
      done += n;
    }
  }

  private static void encode(ByteBuffer buf, Storage storage, int at, int n) {
    switch (storage) {
      case Storage.FloatStorage f -> buf.asFloatBuffer().put(f.data(), at, n);
      case Storage.DoubleStorage d -> buf.asDoubleBuffer().put(d.data(), at, n);
      case Storage.LongStorage l -> buf.asLongBuffer().put(l.data(), at, n);
      case Storage.IntStorage i -> buf.asIntBuffer().put(i.data(), at, n);
      case Storage.ShortStorage s -> buf.asShortBuffer().put(s.data(), at, n);
      case Storage.ByteStorage b -> buf.put(0, b.data(), at, n);
    }
  }
}
