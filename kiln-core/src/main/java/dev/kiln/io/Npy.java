package dev.kiln.io;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NumPy {@code .npy} arrays (format 1.0–3.0). Minimal reader; to be hardened. */
public final class Npy {
  private Npy() {}

  /** Reads a {@code .npy} file into a tensor. */
  public static Tensor read(Path path) throws IOException {
    return read(Files.readAllBytes(path), path.toString());
  }

  /** Parses {@code .npy} bytes; {@code source} names the data in error messages. */
  public static Tensor read(byte[] bytes, String source) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int major = bytes[6];
    int headerLen = major == 1 ? buf.getShort(8) & 0xFFFF : buf.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
    Matcher descr = Pattern.compile("'descr':\\s*'([<>|=])(\\w+)'").matcher(header);
    Matcher fortran = Pattern.compile("'fortran_order':\\s*(True|False)").matcher(header);
    Matcher shapeM = Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(header);
    if (!descr.find() || !fortran.find() || !shapeM.find()) {
      throw new IOException(source + ": bad .npy header at offset " + start + ": " + header);
    }
    DType dtype = dtypeOf(descr.group(2), source);
    String[] parts = shapeM.group(1).split(",");
    int[] shape =
        java.util.Arrays.stream(parts)
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToInt(Integer::parseInt)
            .toArray();
    boolean bigEndian = descr.group(1).equals(">");
    int n = Shapes.numel(shape);
    ByteBuffer data =
        ByteBuffer.wrap(bytes, start + headerLen, bytes.length - start - headerLen)
            .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    Storage s = Storage.allocate(dtype, n);
    switch (s) {
      case Storage.FloatStorage f -> data.asFloatBuffer().get(f.data());
      case Storage.DoubleStorage d -> data.asDoubleBuffer().get(d.data());
      case Storage.LongStorage l -> data.asLongBuffer().get(l.data());
      case Storage.IntStorage i -> data.asIntBuffer().get(i.data());
      case Storage.ShortStorage h -> data.asShortBuffer().get(h.data());
      case Storage.ByteStorage b -> data.get(b.data());
    }
    if (fortran.group(1).equals("True") && shape.length > 1) {
      int[] reversed = new int[shape.length];
      int[] perm = new int[shape.length];
      for (int i = 0; i < shape.length; i++) {
        reversed[i] = shape[shape.length - 1 - i];
        perm[i] = shape.length - 1 - i;
      }
      return Tensor.wrap(s, dtype, reversed).permute(perm).contiguous();
    }
    return Tensor.wrap(s, dtype, shape);
  }

  private static DType dtypeOf(String code, String source) throws IOException {
    return switch (code) {
      case "f4" -> DType.FLOAT32;
      case "f8" -> DType.FLOAT64;
      case "f2" -> DType.FLOAT16;
      case "i8" -> DType.INT64;
      case "i4" -> DType.INT32;
      case "i2" -> DType.INT16;
      case "i1" -> DType.INT8;
      case "u1" -> DType.UINT8;
      case "b1" -> DType.BOOL;
      default -> throw new IOException(source + ": unsupported .npy dtype '" + code + "'");
    };
  }
}
