package dev.kiln.data.io;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped (detected from the
 * content). Layout: two zero bytes, a type code ({@code 0x08} uint8, {@code 0x09} int8, {@code
 * 0x0B} int16, {@code 0x0C} int32, {@code 0x0D} float32, {@code 0x0E} float64), the number of
 * dimensions, each dimension as a big-endian int32, then the data, big-endian, row-major.
 *
 * <pre>{@code
 * Tensor images = Idx.read(Path.of("train-images-idx3-ubyte.gz")); // uint8 [60000, 28, 28]
 * }</pre>
 */
public final class Idx {
  private Idx() {}

  /**
   * Reads the tensor in {@code path}.
   *
   * @throws DataFormatException on a wrong magic number, unknown type or truncated data, naming the
   *     file and the byte offset (of the decompressed data for gzip files)
   */
  public static Tensor read(Path path) throws IOException {
    byte[] bytes = FileBytes.read(path);
    if (bytes.length < 4) {
      throw new DataFormatException(
          path, "truncated IDX header: " + bytes.length + " bytes, need at least 4 at offset 0");
    }
    int magic = ByteBuffer.wrap(bytes, 0, 4).getInt();
    int ndim = bytes[3] & 0xff;
    DType dtype = typeOf(bytes[2] & 0xff);
    if (bytes[0] != 0 || bytes[1] != 0 || dtype == null || ndim == 0) {
      throw new DataFormatException(
          path,
          String.format(
              "bad IDX magic number 0x%08X at offset 0 (expected 0x0000TTDD: two zero bytes, a type"
                  + " code 08/09/0B/0C/0D/0E and a dimension count >= 1)",
              magic));
    }
    int headerEnd = 4 + 4 * ndim;
    if (bytes.length < headerEnd) {
      throw new DataFormatException(
          path,
          "truncated IDX header at offset "
              + bytes.length
              + ": "
              + ndim
              + " dimensions need "
              + headerEnd
              + " bytes");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int[] shape = new int[ndim];
    long numel = 1;
    for (int d = 0; d < ndim; d++) {
      shape[d] = buf.getInt(4 + 4 * d);
      if (shape[d] < 0) {
        throw new DataFormatException(
            path, "negative dimension " + shape[d] + " at offset " + (4 + 4 * d));
      }
      numel *= shape[d];
    }
    long need = headerEnd + numel * dtype.itemSize();
    if (bytes.length < need) {
      throw new DataFormatException(
          path,
          "truncated IDX data: shape "
              + Arrays.toString(shape)
              + " of "
              + dtype
              + " needs "
              + need
              + " bytes, the data ends at offset "
              + bytes.length);
    }
    buf.position(headerEnd);
    return Tensor.wrap(decode(buf, dtype, (int) numel), dtype, shape);
  }

  private static DType typeOf(int code) {
    return switch (code) {
      case 0x08 -> DType.UINT8;
      case 0x09 -> DType.INT8;
      case 0x0B -> DType.INT16;
      case 0x0C -> DType.INT32;
      case 0x0D -> DType.FLOAT32;
      case 0x0E -> DType.FLOAT64;
      default -> null;
    };
  }

  private static Storage decode(ByteBuffer buf, DType dtype, int n) {
    Storage s = Storage.allocate(dtype, n);
    switch (s) {
      case Storage.ByteStorage b -> buf.get(b.data());
      case Storage.ShortStorage sh -> buf.asShortBuffer().get(sh.data());
      case Storage.IntStorage i -> buf.asIntBuffer().get(i.data());
      case Storage.FloatStorage f -> buf.asFloatBuffer().get(f.data());
      case Storage.DoubleStorage d -> buf.asDoubleBuffer().get(d.data());
      default -> throw new IllegalStateException("IDX has no " + dtype + " type");
    }
    return s;
  }
}
