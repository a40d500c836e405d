package dev.kiln.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of malformed safetensors file gives a FileFormatException naming file and byte. */
class SafeTensorsCorruptionTest {
  @TempDir Path dir;

  private Path file(byte[] bytes) throws Exception {
    return Files.write(dir.resolve("bad.safetensors"), bytes);
  }

  private void assertFails(byte[] bytes, long offset, String... fragments) throws Exception {
    Path p = file(bytes);
    Corrupt.assertFails(() -> SafeTensors.read(p), p.toString(), offset, fragments);
    Corrupt.assertFails(() -> SafeTensors.readTensor(p, "a"), p.toString(), offset, fragments);
  }

  private static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\"%s\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[%d,%d]}"
        .formatted(name, dtype, shape, begin, end);
  }

  private static byte[] withLength(long n, int fileSize) {
    return ByteBuffer.allocate(fileSize).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
  }

  @Test
  void shorterThanTheLengthField() throws Exception {
    assertFails(new byte[3], 3, "unexpected end", "8-byte header length");
  }

  @Test
  void headerLargerThanTheLimit() throws Exception {
    assertFails(withLength(100_000_001L, 64), 0, "header length 100000001", "limit");
    assertFails(withLength(-1L, 64), 0, "18446744073709551615", "limit");
    assertFails(withLength(1L << 31, 64), 0, "header length 2147483648", "limit");
  }

  @Test
  void headerRunsPastTheEndOfTheFile() throws Exception {
    assertFails(withLength(1000, 100), 0, "header length 1000 runs past the end", "100 bytes");
  }

  @Test
  void invalidUtf8() throws Exception {
    byte[] b = Corrupt.safetensors("{\"a\":1}", new byte[0]);
    b[8 + 3] = (byte) 0xC3;
    b[8 + 4] = (byte) 0x28;
    assertFails(b, 8 + 3, "not valid UTF-8");
  }

  @Test
  void invalidJson() throws Exception {
    assertFails(
        Corrupt.safetensors("{\"a\":{\"dtype\" \"F32\"}}", new byte[0]),
        8 + 14,
        "invalid JSON",
        "expected ':'");
    assertFails(
        Corrupt.safetensors("{\"a\":", new byte[0]),
        8 + 8,
        "invalid JSON",
        "unexpected end of the JSON text");
    assertFails(
        Corrupt.safetensors("[1,2]", new byte[0]), 8, "expected the header to be a JSON object");
  }

  @Test
  void duplicateKeys() throws Exception {
    String e = entry("a", "F32", "[1]", 0, 4);
    assertFails(
        Corrupt.safetensors("{" + e + "," + e + "}", new byte[4]),
        8 + 1 + e.length() + 1,
        "duplicate key \"a\"");
  }

  @Test
  void overlappingOffsets() throws Exception {
    String h = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
    assertFails(
        Corrupt.safetensors(h, new byte[12]),
        8 + h.indexOf("{\"dtype", h.indexOf("\"b\"")),
        "tensor 'b'",
        "begin at 4, expected 8");
  }

  @Test
  void holeBetweenTensors() throws Exception {
    String h = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 12, 20) + "}";
    assertFails(
        Corrupt.safetensors(h, new byte[20]),
        8 + h.indexOf("{\"dtype", h.indexOf("\"b\"")),
        "begin at 12, expected 8");
  }

  @Test
  void offsetsEndBeforeTheyBegin() throws Exception {
    String h = "{" + entry("a", "F32", "[0]", 8, 0) + "}";
    assertFails(Corrupt.safetensors(h, new byte[8]), 8 + 5, "end before they begin");
  }

  @Test
  void byteRangeDisagreesWithShape() throws Exception {
    String h = "{" + entry("a", "F32", "[2]", 0, 4) + "}";
    assertFails(Corrupt.safetensors(h, new byte[4]), 8 + 5, "span 4 bytes", "needs 8");
  }

  @Test
  void shapeOverflowsSixtyFourBits() throws Exception {
    String h = "{" + entry("a", "F32", "[4294967296,4294967296,4294967296]", 0, 4) + "}";
    assertFails(Corrupt.safetensors(h, new byte[4]), 8 + 5, "overflows");
  }

  @Test
  void malformedEntries() throws Exception {
    assertFails(Corrupt.safetensors("{\"a\":[1]}", new byte[0]), 8 + 5, "tensor 'a'", "expected {");
    assertFails(
        Corrupt.safetensors(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", new byte[0]),
        8 + 5,
        "\"shape\"",
        "non-negative");
    assertFails(
        Corrupt.safetensors(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[0]),
        8 + 5,
        "\"data_offsets\"",
        "list of 2");
    assertFails(
        Corrupt.safetensors("{\"__metadata__\":{\"k\":1}}", new byte[0]),
        8 + 16,
        "__metadata__",
        "string");
  }

  @Test
  void emptyTensorBeyondKilnsShapeLimit() throws Exception {
    String h = "{" + entry("a", "F32", "[4294967296,0]", 0, 0) + "}";
    assertFails(
        Corrupt.safetensors(h, new byte[0]), 8 + 5, "tensor 'a'", "larger than a Kiln tensor");
  }

  @Test
  void unsupportedDtypeNamesTheDtypeAndTensor() throws Exception {
    String h = "{" + entry("a", "U16", "[2]", 0, 4) + "}";
    assertFails(
        Corrupt.safetensors(h, new byte[4]), 8 + 5, "tensor 'a'", "dtype U16 is not supported");
  }

  @Test
  void trailingBytesAndTruncatedData() throws Exception {
    String h = "{" + entry("a", "F32", "[2]", 0, 8) + "}";
    byte[] good = Corrupt.safetensors(h, new byte[8]);
    int dataStart = good.length - 8;
    assertFails(
        Arrays.copyOf(good, good.length + 1),
        good.length,
        "trailing bytes",
        "should have " + good.length);
    assertFails(
        Arrays.copyOf(good, good.length - 1),
        good.length - 1,
        "the file ends early",
        "from byte " + dataStart);
  }
}
