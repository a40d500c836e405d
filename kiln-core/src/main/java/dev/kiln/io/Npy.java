package dev.kiln.io;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * NumPy {@code .npy} arrays, format versions 1.0, 2.0 and 3.0.
 *
 * <p>Reads float16/32/64, int8/16/32/64, uint8 and bool in either byte order and in C or Fortran
 * order; writes little-endian with the same header bytes current NumPy writes. Object arrays
 * (pickles) and structured dtypes are refused, and bfloat16, which NumPy lacks, cannot be written
 * (use {@link SafeTensors}). Malformed input raises {@link FileFormatException} naming the file and
 * byte offset.
 *
 * <pre>{@code
 * Npy.write(Path.of("x.npy"), Tensor.of(1f, 2f, 3f));
 * Tensor x = Npy.read(Path.of("x.npy"));   // np.load("x.npy") reads it too
 * }</pre>
 */
public final class Npy {
  private Npy() {}

  /** Element layout of the data section. */
  public enum Order {
    /** Row-major (C) order, NumPy's default. */
    C,
    /** Column-major (Fortran) order: {@code fortran_order: True}. */
    FORTRAN
  }

  /**
   * Reads a {@code .npy} file into a contiguous tensor.
   *
   * @throws FileFormatException if the file is malformed or truncated
   */
  public static Tensor read(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return read(ch, ch.size(), path.toString());
    }
  }

  /**
   * Parses {@code .npy} bytes into a contiguous tensor.
   *
   * @param source names the data in error messages (e.g. its resource path)
   * @throws FileFormatException if the bytes are malformed or truncated
   */
  public static Tensor read(byte[] bytes, String source) throws IOException {
    return read(Channels.newChannel(new ByteArrayInputStream(bytes)), bytes.length, source);
  }

  /**
   * Reads one array from {@code in}, which holds exactly {@code size} bytes of {@code .npy} data.
   */
  static Tensor read(ReadableByteChannel in, long size, String source) throws IOException {
    NpyHeader h = NpyHeader.read(in, size, source);
    int[] shape = h.shape();
    int n = Shapes.numel(shape);
    Storage s = TensorBytes.read(in, h.dtype(), n, h.order(), source, h.dataOffset());
    if (!h.fortran() || shape.length < 2) {
      return Tensor.wrap(s, h.dtype(), shape);
    }
    int rank = shape.length;
    int[] reversed = new int[rank];
    int[] perm = new int[rank];
    for (int i = 0; i < rank; i++) {
      reversed[i] = shape[rank - 1 - i];
      perm[i] = rank - 1 - i;
    }
    return Tensor.wrap(s, h.dtype(), reversed).permute(perm).contiguous();
  }

  /**
   * Writes {@code t} to {@code path} atomically, in C order and the oldest format version that fits
   * (1.0). Non-contiguous tensors are written by their logical values.
   *
   * @throws IllegalArgumentException if {@code t} is bfloat16, which NumPy cannot represent
   */
  public static void write(Path path, Tensor t) throws IOException {
    write(path, t, Order.C, 0);
  }

  /**
   * Writes {@code t} to {@code path} atomically in the given element order and format version.
   *
   * @param version 1, 2 or 3 to force that format version, or 0 for the oldest that fits
   * @throws IllegalArgumentException if {@code t} is bfloat16 or the header does not fit {@code
   *     version}
   */
  public static void write(Path path, Tensor t, Order order, int version) throws IOException {
    byte[] header = header(t, order, version);
    AtomicFile.write(path, out -> writeTo(out, header, t, order));
  }

  /** The {@code .npy} bytes of {@code t} (C order, oldest fitting version). */
  public static byte[] toBytes(Tensor t) {
    return toBytes(t, Order.C, 0);
  }

  /**
   * The {@code .npy} bytes of {@code t} in the given element order and format version.
   *
   * @param version 1, 2 or 3 to force that format version, or 0 for the oldest that fits
   */
  public static byte[] toBytes(Tensor t, Order order, int version) {
    byte[] header = header(t, order, version);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      writeTo(Channels.newChannel(bytes), header, t, order);
    } catch (IOException impossible) {
      throw new IllegalStateException("npy: writing to memory failed", impossible);
    }
    return bytes.toByteArray();
  }

  private static byte[] header(Tensor t, Order order, int version) {
    return NpyHeader.encode(t.dtype(), order == Order.FORTRAN, t.shape(), version);
  }

  private static void writeTo(WritableByteChannel out, byte[] header, Tensor t, Order order)
      throws IOException {
    AtomicFile.writeFully(out, ByteBuffer.wrap(header));
    TensorBytes.write(out, order == Order.FORTRAN ? reversedDims(t) : t, ByteOrder.LITTLE_ENDIAN);
  }

  /** A view with the dimensions reversed: its row-major order is {@code t}'s column-major order. */
  private static Tensor reversedDims(Tensor t) {
    int[] perm = new int[t.dim()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = perm.length - 1 - i;
    }
    return t.permute(perm);
  }
}
