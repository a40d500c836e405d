package dev.kiln.io;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors header: an 8-byte little-endian length N, then N bytes of JSON mapping tensor
 * names to {@code {"dtype", "shape", "data_offsets"}} plus an optional {@code __metadata__} string
 * map. Validation follows the reference implementation ({@code safetensors/src/tensor.rs}).
 */
final class SafeTensorsHeader {
  private SafeTensorsHeader() {}

  /** The reference implementation's {@code MAX_HEADER_SIZE}. */
  static final long MAX_HEADER = 100_000_000L;

  static final String METADATA = "__metadata__";

  /**
   * One tensor's header entry.
   *
   * @param begin start of its bytes relative to the data section
   * @param end exclusive end relative to the data section
   * @param headerOffset the byte offset of the entry in the file, for error messages
   */
  record Entry(String name, DType dtype, long[] shape, long begin, long end, long headerOffset) {}

  /**
   * A validated header.
   *
   * @param entries the tensors in the order of their data
   * @param dataStart the file offset of the data section ({@code 8 + N})
   */
  record Parsed(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

  /** The dtype strings Kiln stores, in the reference's increasing alignment order. */
  private static final List<DType> RANK =
      List.of(
          DType.BOOL,
          DType.UINT8,
          DType.INT8,
          DType.INT16,
          DType.FLOAT16,
          DType.BFLOAT16,
          DType.INT32,
          DType.FLOAT32,
          DType.FLOAT64,
          DType.INT64);

  /** The safetensors name of {@code dtype} ({@code "F32"}, {@code "BOOL"}, ...). */
  static String code(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> "F32";
      case FLOAT64 -> "F64";
      case FLOAT16 -> "F16";
      case BFLOAT16 -> "BF16";
      case INT64 -> "I64";
      case INT32 -> "I32";
      case INT16 -> "I16";
      case INT8 -> "I8";
      case UINT8 -> "U8";
      case BOOL -> "BOOL";
    };
  }

  /** Orders tensors as the reference writer does: descending dtype alignment, then name bytes. */
  static final Comparator<Map.Entry<String, ? extends Tensor>> WRITE_ORDER =
      Comparator.<Map.Entry<String, ? extends Tensor>>comparingInt(
              e -> -RANK.indexOf(e.getValue().dtype()))
          .thenComparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

  /** Reads and validates the header of the file open on {@code ch}. */
  static Parsed read(FileChannel ch, String source) throws IOException {
    long size = ch.size();
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    ch.position(0);
    TensorBytes.readFully(ch, lenBuf, source, 0, 8, "the 8-byte header length");
    long n = lenBuf.getLong(0);
    if (n < 0 || n > MAX_HEADER) {
      throw new FileFormatException(
          source,
          0,
          "header length "
              + Long.toUnsignedString(n)
              + " exceeds the limit of "
              + MAX_HEADER
              + " bytes");
    }
    if (8 + n > size) {
      throw new FileFormatException(
          source, 0, "header length " + n + " runs past the end of the file (" + size + " bytes)");
    }
    ByteBuffer raw = ByteBuffer.allocate((int) n);
    TensorBytes.readFully(ch, raw, source, 8, 8 + n, "the JSON header");
    String text = utf8(raw.flip(), source);
    Object json;
    try {
      json = Json.parse(text);
    } catch (Json.SyntaxError e) {
      throw new FileFormatException(
          source, byteOffset(text, e.pos), "invalid JSON header: " + e.getMessage());
    }
    if (!(json instanceof Json.Obj top)) {
      throw new FileFormatException(source, 8, "expected the header to be a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, Object> m : top.values().entrySet()) {
      long at = byteOffset(text, top.positions().get(m.getKey()));
      if (m.getKey().equals(METADATA)) {
        metadata = metadata(m.getValue(), source, at);
      } else {
        entries.add(entry(m.getKey(), m.getValue(), source, at));
      }
    }
    entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long expected = 0;
    for (Entry e : entries) {
      if (e.begin() != expected) {
        throw new FileFormatException(
            source,
            e.headerOffset(),
            "tensor '"
                + e.name()
                + "' data_offsets begin at "
                + e.begin()
                + ", expected "
                + expected
                + " (tensors must be packed in order without gaps or overlaps)");
      }
      expected = e.end();
    }
    long dataStart = 8 + n;
    if (dataStart + expected != size) {
      String problem = dataStart + expected > size ? "the file ends early: " : "trailing bytes: ";
      throw new FileFormatException(
          source,
          Math.min(size, dataStart + expected),
          problem
              + "the header describes "
              + expected
              + " data bytes from byte "
              + dataStart
              + ", so the file should have "
              + (dataStart + expected)
              + " bytes, but it has "
              + size);
    }
    return new Parsed(List.copyOf(entries), metadata, dataStart);
  }

  private static Map<String, String> metadata(Object value, String source, long at)
      throws FileFormatException {
    if (!(value instanceof Json.Obj obj)) {
      throw new FileFormatException(source, at, "expected __metadata__ to be a JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> m : obj.values().entrySet()) {
      if (!(m.getValue() instanceof String s)) {
        throw new FileFormatException(
            source, at, "expected __metadata__ value of '" + m.getKey() + "' to be a string");
      }
      out.put(m.getKey(), s);
    }
    return out;
  }

  private static Entry entry(String name, Object value, String source, long at)
      throws FileFormatException {
    String what = "tensor '" + name + "': ";
    if (!(value instanceof Json.Obj obj)) {
      throw new FileFormatException(
          source, at, what + "expected {\"dtype\", \"shape\", \"data_offsets\"}");
    }
    if (!(obj.values().get("dtype") instanceof String code)) {
      throw new FileFormatException(source, at, what + "expected a string \"dtype\"");
    }
    DType dtype = dtypeOf(code);
    if (dtype == null) {
      throw new FileFormatException(
          source,
          at,
          what
              + "dtype "
              + code
              + " is not supported (Kiln reads F32 F64 F16 BF16 I64 I32 I16 I8 U8 BOOL)");
    }
    long[] shape = longs(obj.values().get("shape"), -1, source, at, what + "\"shape\"");
    long[] offsets =
        longs(obj.values().get("data_offsets"), 2, source, at, what + "\"data_offsets\"");
    if (offsets[1] < offsets[0]) {
      throw new FileFormatException(
          source, at, what + "data_offsets " + Arrays.toString(offsets) + " end before they begin");
    }
    long bytes = dtype.itemSize();
    try {
      for (long d : shape) {
        bytes = Math.multiplyExact(bytes, d);
      }
    } catch (ArithmeticException overflow) {
      throw new FileFormatException(
          source, at, what + "shape " + Arrays.toString(shape) + " overflows a 64-bit byte count");
    }
    if (offsets[1] - offsets[0] != bytes) {
      throw new FileFormatException(
          source,
          at,
          what
              + "data_offsets "
              + Arrays.toString(offsets)
              + " span "
              + (offsets[1] - offsets[0])
              + " bytes, but shape "
              + Arrays.toString(shape)
              + " of "
              + code
              + " needs "
              + bytes);
    }
    return new Entry(name, dtype, shape, offsets[0], offsets[1], at);
  }

  private static DType dtypeOf(String code) {
    for (DType t : RANK) {
      if (code(t).equals(code)) {
        return t;
      }
    }
    return null;
  }

  /** A list of non-negative integers, of length {@code count} unless it is negative. */
  private static long[] longs(Object value, int count, String source, long at, String what)
      throws FileFormatException {
    if (!(value instanceof List<?> list) || (count >= 0 && list.size() != count)) {
      throw new FileFormatException(
          source,
          at,
          what
              + " expected a list of "
              + (count >= 0 ? count + " " : "")
              + "non-negative integers, found "
              + value);
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long v) || v < 0) {
        throw new FileFormatException(
            source, at, what + " expected non-negative integers, found " + list.get(i));
      }
      out[i] = v;
    }
    return out;
  }

  private static String utf8(ByteBuffer raw, String source) throws FileFormatException {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(raw.remaining());
    CoderResult r = dec.decode(raw, out, true);
    if (r.isError()) {
      throw new FileFormatException(source, 8 + raw.position(), "header is not valid UTF-8");
    }
    return out.flip().toString();
  }

  private static long byteOffset(String text, int charPos) {
    return 8 + text.substring(0, charPos).getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The header bytes (8-byte length and padded JSON) for tensors already in write order, with
   * {@code metadata} (sorted by key) first when not empty.
   */
  static byte[] encode(List<Map.Entry<String, Tensor>> tensors, Map<String, String> metadata) {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append(Json.quote(METADATA)).append(":{");
      metadata.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              m ->
                  json.append(Json.quote(m.getKey()))
                      .append(':')
                      .append(Json.quote(m.getValue()))
                      .append(','));
      json.setCharAt(json.length() - 1, '}');
      json.append(tensors.isEmpty() ? "" : ",");
    }
    long offset = 0;
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i).getValue();
      long bytes = (long) t.numel() * t.dtype().itemSize();
      json.append(i > 0 ? "," : "").append(Json.quote(tensors.get(i).getKey()));
      json.append(":{\"dtype\":\"").append(code(t.dtype())).append("\",\"shape\":[");
      int[] shape = t.shape();
      for (int d = 0; d < shape.length; d++) {
        json.append(d > 0 ? "," : "").append(shape[d]);
      }
      json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes);
      json.append("]}");
      offset += bytes;
    }
    json.append('}');
    byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
    int padded = body.length + (8 - body.length % 8) % 8;
    ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(body);
    while (out.hasRemaining()) {
      out.put((byte) ' ');
    }
    return out.array();
  }
}
