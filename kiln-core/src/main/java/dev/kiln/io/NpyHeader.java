package dev.kiln.io;

import dev.kiln.tensor.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a NumPy {@code .npy} file: magic, version, header length and the Python dict
 * literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}.
 *
 * @param dtype the element type
 * @param order the byte order of multi-byte elements
 * @param fortran whether the data is in column-major order
 * @param shape the array shape
 * @param dataOffset the byte offset of the first data byte
 */
record NpyHeader(DType dtype, ByteOrder order, boolean fortran, int[] shape, long dataOffset) {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** NumPy's {@code _MAX_HEADER_SIZE}: longer headers are refused. */
  static final int MAX_HEADER = 10000;

  private static final int ALIGN = 64;
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  /**
   * Reads and validates the header from {@code in}, which must be positioned at the magic.
   *
   * @param size the number of bytes in the file or member; the header must describe exactly that
   *     many bytes of data after itself
   */
  static NpyHeader read(ReadableByteChannel in, long size, String source) throws IOException {
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    TensorBytes.readFully(in, prefix, source, 0, 8, "the magic string and version");
    for (int i = 0; i < MAGIC.length; i++) {
      if (prefix.get(i) != MAGIC[i]) {
        throw new FileFormatException(
            source, i, "expected the .npy magic \\x93NUMPY; this is not a .npy file");
      }
    }
    int major = prefix.get(6);
    if (major < 1 || major > 3 || prefix.get(7) != 0) {
      throw new FileFormatException(
          source,
          6,
          "expected format version 1.0, 2.0 or 3.0, found " + major + "." + prefix.get(7));
    }
    int lenBytes = major == 1 ? 2 : 4;
    ByteBuffer lenBuf = ByteBuffer.allocate(lenBytes).order(ByteOrder.LITTLE_ENDIAN);
    TensorBytes.readFully(in, lenBuf, source, 8, 8 + lenBytes, "the header length");
    long headerLen = major == 1 ? lenBuf.getShort(0) & 0xFFFF : lenBuf.getInt(0) & 0xFFFFFFFFL;
    long headerStart = 8 + lenBytes;
    if (headerLen > MAX_HEADER) {
      throw new FileFormatException(
          source,
          8,
          "header length " + headerLen + " exceeds the limit of " + MAX_HEADER + " bytes");
    }
    if (headerStart + headerLen > size) {
      throw new FileFormatException(
          source,
          8,
          "header length "
              + headerLen
              + " runs past the end of the data ("
              + size
              + " bytes in all)");
    }
    ByteBuffer text = ByteBuffer.allocate((int) headerLen);
    TensorBytes.readFully(in, text, source, headerStart, headerStart + headerLen, "the header");
    text.flip();
    String dict = decode(text, major, source, headerStart);
    return parse(dict, major, size, source, headerStart);
  }

  private static String decode(ByteBuffer text, int major, String source, long at)
      throws FileFormatException {
    if (major < 3) {
      return StandardCharsets.ISO_8859_1.decode(text).toString();
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(text)
          .toString();
    } catch (CharacterCodingException e) {
      throw new FileFormatException(
          source, at, "expected a UTF-8 header (format 3.0): " + e.getMessage());
    }
  }

  private static NpyHeader parse(String text, int major, long size, String source, long start)
      throws FileFormatException {
    PyLiteral p = new PyLiteral(text, major < 3, source, start);
    Map<String, PyLiteral.Value> dict = p.parseDict();
    Set<String> expected = Set.of("descr", "fortran_order", "shape");
    if (!dict.keySet().equals(expected)) {
      throw p.error(
          0, "expected exactly the keys descr, fortran_order, shape; found " + dict.keySet());
    }
    PyLiteral.Value descr = dict.get("descr");
    if (!(descr.value() instanceof String code)) {
      throw p.error(
          descr.pos(),
          "descr " + descr.value() + " is a structured dtype, which Kiln does not read");
    }
    ByteOrder order = orderOf(code, p, descr.pos());
    DType dtype = NpyDTypes.fromCode(code, msg -> p.error(descr.pos(), msg));
    PyLiteral.Value fortran = dict.get("fortran_order");
    if (!(fortran.value() instanceof Boolean isFortran)) {
      throw p.error(fortran.pos(), "expected fortran_order True or False");
    }
    int[] shape = shapeOf(dict.get("shape"), p);
    long dataOffset = start + text.length() + extraUtf8Bytes(text, major);
    long numel = TensorBytes.kilnNumel(Arrays.stream(shape).asLongStream().toArray());
    if (numel < 0) {
      throw p.error(
          dict.get("shape").pos(),
          "shape "
              + Arrays.toString(shape)
              + " has more elements than a Kiln tensor can hold ("
              + TensorBytes.MAX_ELEMENTS
              + ")");
    }
    long dataBytes = numel * dtype.itemSize();
    if (dataOffset + dataBytes != size) {
      String problem =
          dataOffset + dataBytes > size
              ? "the data ends early: the header claims "
              : "trailing bytes after the data: the header claims ";
      throw new FileFormatException(
          source,
          Math.min(size, dataOffset + dataBytes),
          problem
              + dataBytes
              + " data bytes ("
              + Arrays.toString(shape)
              + " x "
              + dtype
              + ") from byte "
              + dataOffset
              + ", but there are "
              + (size - dataOffset));
    }
    return new NpyHeader(dtype, order, isFortran, shape, dataOffset);
  }

  private static long extraUtf8Bytes(String text, int major) {
    return major < 3 ? 0 : text.getBytes(StandardCharsets.UTF_8).length - text.length();
  }

  private static ByteOrder orderOf(String code, PyLiteral p, int pos) throws FileFormatException {
    if (code.isEmpty()) {
      throw p.error(pos, "expected a dtype descr such as '<f4', found ''");
    }
    return switch (code.charAt(0)) {
      case '>' -> ByteOrder.BIG_ENDIAN;
      case '=' -> ByteOrder.nativeOrder();
      default -> ByteOrder.LITTLE_ENDIAN; // '<', and '|' for single-byte types
    };
  }

  private static int[] shapeOf(PyLiteral.Value v, PyLiteral p) throws FileFormatException {
    if (!(v.value() instanceof List<?> dims) || !v.tuple()) {
      throw p.error(v.pos(), "expected shape to be a tuple of integers, found " + v.value());
    }
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!(dims.get(i) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
        throw p.error(
            v.pos(),
            "expected shape entries to be integers in [0, 2^31), found "
                + dims.get(i)
                + " in "
                + dims);
      }
      shape[i] = (int) (long) dim;
    }
    return shape;
  }

  /**
   * The complete header bytes (magic through the final newline) for an array, as current NumPy
   * writes them: sorted keys, growth-axis spare spaces, padding to a multiple of 64.
   *
   * @param version 1, 2 or 3, or 0 for the oldest version that fits (1.0, else 2.0)
   */
  static byte[] encode(DType dtype, boolean fortran, int[] shape, int version) {
    StringBuilder dict = new StringBuilder("{'descr': '");
    dict.append(NpyDTypes.toCode(dtype)).append("', 'fortran_order': ");
    dict.append(fortran ? "True" : "False").append(", 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      dict.append(i > 0 ? ", " : "").append(shape[i]);
    }
    dict.append(shape.length == 1 ? ",), }" : "), }");
    if (shape.length > 0) {
      int axis = fortran ? shape.length - 1 : 0;
      dict.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[axis]).length());
    }
    int v = version != 0 ? version : (wrappedLength(dict.length(), 1) <= 0xFFFF ? 1 : 2);
    if (v < 1 || v > 3) {
      throw new IllegalArgumentException("npy: format version must be 1, 2 or 3, got " + version);
    }
    long headerLen = wrappedLength(dict.length(), v);
    if (v == 1 && headerLen > 0xFFFF) {
      throw new IllegalArgumentException(
          "npy: header of " + headerLen + " bytes does not fit format 1.0; use version 2");
    }
    int lenBytes = v == 1 ? 2 : 4;
    dict.repeat(' ', (int) headerLen - dict.length() - 1).append('\n');
    byte[] body = dict.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(8 + lenBytes + body.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) v).put((byte) 0);
    if (v == 1) {
      out.putShort((short) headerLen);
    } else {
      out.putInt((int) headerLen);
    }
    return out.put(body).array();
  }

  /** HEADER_LEN for a dict of {@code dictLength} characters: dict, padding, newline. */
  private static long wrappedLength(int dictLength, int version) {
    int prefix = 8 + (version == 1 ? 2 : 4);
    int hlen = dictLength + 1;
    int pad = ALIGN - (prefix + hlen) % ALIGN;
    return hlen + pad;
  }
}
