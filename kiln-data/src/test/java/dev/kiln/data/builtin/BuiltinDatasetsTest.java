package dev.kiln.data.builtin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.TensorDataset;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinDatasetsTest {
  private static long[] classCounts(Tensor labels, int classes) {
    long[] counts = new long[classes];
    for (long y : labels.toLongArray()) {
      counts[(int) y]++;
    }
    return counts;
  }

  @Test
  void irisHas150RowsOf4FeaturesAnd50PerClass() {
    TensorDataset iris = Iris.load();
    Tensor x = iris.tensors().get(0);
    Tensor y = iris.tensors().get(1);
    assertArrayEquals(new int[] {Iris.SIZE, 4}, x.shape());
    assertEquals(DType.FLOAT32, x.dtype());
    assertArrayEquals(new int[] {150}, y.shape());
    assertEquals(DType.INT64, y.dtype());
    assertArrayEquals(new long[] {50, 50, 50}, classCounts(y, Iris.CLASSES.size()));
    assertEquals(Iris.FEATURES.size(), x.size(1));
    assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, iris.get(0).get(0).toFloatArray());
  }

  @Test
  void digitsHas1797ImagesOf8x8InTenClasses() {
    TensorDataset digits = Digits.load();
    Tensor x = digits.tensors().get(0);
    assertArrayEquals(new int[] {Digits.SIZE, 64}, x.shape());
    float max = 0;
    for (float v : x.toFloatArray()) {
      assertTrue(v >= 0 && v <= 16 && v == Math.rint(v), "pixel " + v);
      max = Math.max(max, v);
    }
    assertEquals(16f, max);
    // class distribution of the UCI optdigits test set, as documented in optdigits.names
    assertArrayEquals(
        new long[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180},
        classCounts(digits.tensors().get(1), Digits.NUM_CLASSES));
    TensorDataset images = Digits.loadImages();
    assertArrayEquals(new int[] {8, 8}, images.get(5).get(0).shape());
  }

  @Test
  void checksumVerificationAcceptsTheRightDigestAndNamesAMismatch(@TempDir Path dir)
      throws IOException {
    Path f = Files.writeString(dir.resolve("f.bin"), "abc");
    // the standard test vectors for "abc" (RFC 1321, FIPS 180-2)
    Checksums.verify(f, "MD5", "900150983CD24FB0D6963F7D28E17F72");
    Checksums.verify(
        f, "SHA-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    var e =
        assertThrows(
            IOException.class,
            () -> Checksums.verify(f, "MD5", "00000000000000000000000000000000"));
    assertTrue(
        e.getMessage().contains(f.toString())
            && e.getMessage().contains("900150983cd24fb0d6963f7d28e17f72"),
        e.getMessage());
  }

  @Test
  void anExistingFileIsVerifiedWithoutTouchingTheNetwork(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("train-images-idx3-ubyte.gz"), "abc");
    java.net.URI unreachable = java.net.URI.create("http://invalid.invalid/x");
    assertEquals(f, Downloads.fetch(unreachable, f, "MD5", "900150983cd24fb0d6963f7d28e17f72"));
    assertThrows(IOException.class, () -> Downloads.fetch(unreachable, f, "MD5", "00"));
  }
}
