package dev.kiln.io;

import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each class of malformed {@code .npy} input gives a FileFormatException naming file and byte. */
class NpyCorruptionTest {
  private static final String SRC = "bad.npy";
  private static final byte[] VALID = Npy.toBytes(Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}));

  private static byte[] withDict(String dict) {
    return Corrupt.npy(dict, new byte[8]);
  }

  @Test
  void wrongMagic() {
    byte[] b = VALID.clone();
    b[1] = 'X';
    Corrupt.assertFails(() -> Npy.read(b, SRC), SRC, 1, "expected the .npy magic");
  }

  @Test
  void unknownVersion() {
    byte[] b = VALID.clone();
    b[6] = 4;
    Corrupt.assertFails(() -> Npy.read(b, SRC), SRC, 6, "expected format version", "4.0");
  }

  @Test
  void truncatedInTheMagic() {
    byte[] b = Arrays.copyOf(VALID, 4);
    Corrupt.assertFails(() -> Npy.read(b, SRC), SRC, 4, "unexpected end", "magic");
  }

  @Test
  void truncatedInTheHeader() {
    byte[] b = Arrays.copyOf(VALID, 60);
    Corrupt.assertFails(() -> Npy.read(b, SRC), SRC, 8, "header length 118 runs past the end");
  }

  @Test
  void headerClaimsMoreDataThanTheFileHas() {
    byte[] b = Arrays.copyOf(VALID, VALID.length - 3);
    Corrupt.assertFails(
        () -> Npy.read(b, SRC), SRC, VALID.length - 3, "the data ends early", "claims 24");
  }

  @Test
  void trailingBytes() {
    byte[] b = Arrays.copyOf(VALID, VALID.length + 4);
    Corrupt.assertFails(() -> Npy.read(b, SRC), SRC, VALID.length, "trailing bytes");
  }

  @Test
  void headerLengthOfTwoToThe31() {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.put(NpyHeader.MAGIC).put((byte) 2).put((byte) 0).putInt(0x80000000);
    Corrupt.assertFails(
        () -> Npy.read(b.array(), SRC), SRC, 8, "header length 2147483648", "limit of 10000");
  }

  @Test
  void shapeOfTwoToThe40Elements() {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(dict), SRC),
        SRC,
        10 + dict.indexOf("(1048576"),
        "more elements than a Kiln tensor can hold");
  }

  @Test
  void dimensionBeyondIntEvenWhenEmpty() {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4294967296), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(dict), SRC), SRC, 10 + dict.indexOf("(0"), "4294967296");
  }

  @Test
  void emptyShapeWhoseRunningProductExceedsKilnsLimit() {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483000, 2, 0), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(dict), SRC),
        SRC,
        10 + dict.indexOf("(2147483000"),
        "more elements than a Kiln tensor can hold");
  }

  @Test
  void negativeDimension() {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(dict), SRC), SRC, 10 + dict.indexOf("(-2"), "found -2");
  }

  @Test
  void badPythonDictSyntax() {
    String dict = "{'descr': '<f4', 'fortran_order': Fals, 'shape': (2,), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(dict), SRC),
        SRC,
        10 + dict.indexOf("Fals"),
        "expected a string, number, True, False or tuple");
  }

  @Test
  void unterminatedDict() throws Exception {
    byte[] b = withDict("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)");
    Corrupt.assertFails(() -> Npy.read(b, SRC), SRC, b.length - 8, "the header dict ends early");
  }

  @Test
  void missingKey() {
    String dict = "{'descr': '<f4', 'shape': (2,), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(dict), SRC),
        SRC,
        10,
        "expected exactly the keys",
        "[descr, shape]");
  }

  @Test
  void duplicateKey() {
    String dict = "{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(dict), SRC), SRC, 10 + dict.indexOf("'descr': '<f8"), "duplicate");
  }

  @Test
  void pickledObjectArraysAreRefused() {
    String dict = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(dict), SRC),
        SRC,
        10 + dict.indexOf("'|O'"),
        "object array",
        "pickled");
  }

  @Test
  void unsupportedAndStructuredDtypes() {
    String u2 = "{'descr': '<u2', 'fortran_order': False, 'shape': (4,), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(u2), SRC),
        SRC,
        10 + u2.indexOf("'<u2'"),
        "unsupported descr '<u2'");
    String v2 = "{'descr': '<V2', 'fortran_order': False, 'shape': (4,), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(v2), SRC),
        SRC,
        10 + v2.indexOf("'<V2'"),
        "bfloat16",
        "safetensors");
    String rec = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(rec), SRC), SRC, 10 + rec.indexOf("[("), "structured dtype");
    String noOrder = "{'descr': '|f4', 'fortran_order': False, 'shape': (2,), }";
    Corrupt.assertFails(
        () -> Npy.read(withDict(noOrder), SRC), SRC, 10 + noOrder.indexOf("'|f4'"), "byte order");
  }

  @Test
  void badUtf8InAVersion3Header() {
    byte[] b = Npy.toBytes(Tensor.of(1f, 2f), Npy.Order.C, 3);
    b[12 + 3] = (byte) 0xFF;
    Corrupt.assertFails(() -> Npy.read(b, SRC), SRC, 12, "UTF-8");
  }
}
