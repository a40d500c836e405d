package dev.kiln.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.TensorDataset;
import dev.kiln.data.builtin.Cifar10;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {
  @TempDir Path dir;

  /** {@code n} records in the official layout: label, then R, G, B planes; pixel = f(i, c, p). */
  static byte[] batch(int n, int firstLabel) {
    byte[] b = new byte[n * CifarBinary.RECORD];
    for (int i = 0; i < n; i++) {
      b[i * CifarBinary.RECORD] = (byte) ((firstLabel + i) % 10);
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          b[i * CifarBinary.RECORD + 1 + c * 1024 + p] = (byte) (i + 10 * c + p);
        }
      }
    }
    return b;
  }

  @Test
  void readsChannelPlanesIntoHwcImages() throws IOException {
    Files.write(dir.resolve("test_batch.bin"), batch(3, 7));
    TensorDataset ds = Cifar10.load(dir, false);
    assertEquals(3, ds.size());
    List<Tensor> s = ds.get(2);
    assertArrayEquals(new int[] {32, 32, 3}, s.get(0).shape());
    assertEquals(9, s.get(1).itemLong());
    int p = 5 * 32 + 6; // row 5, column 6
    for (int c = 0; c < 3; c++) {
      assertEquals((2 + 10 * c + p) & 0xff, (int) s.get(0).get(5, 6, c));
    }
  }

  @Test
  void trainingSplitConcatenatesFiveBatchesFromTheArchiveFolder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
    for (int i = 1; i <= 5; i++) {
      Files.write(folder.resolve("data_batch_" + i + ".bin"), batch(2, i));
    }
    TensorDataset ds = Cifar10.load(dir, true);
    assertEquals(10, ds.size());
    assertEquals(5, ds.get(8).get(1).itemLong());
  }

  @Test
  void truncatedFileNamesTheOffsetOfTheIncompleteRecord() throws IOException {
    Path f = dir.resolve("test_batch.bin");
    Files.write(f, Arrays.copyOf(batch(2, 0), 2 * CifarBinary.RECORD - 100));
    var e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, false));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("offset " + CifarBinary.RECORD), e.getMessage());
  }

  @Test
  void badLabelNamesTheRecord() throws IOException {
    byte[] b = batch(3, 0);
    b[2 * CifarBinary.RECORD] = 42;
    Path f = dir.resolve("test_batch.bin");
    Files.write(f, b);
    var e = assertThrows(DataFormatException.class, () -> Cifar10.load(dir, false));
    assertTrue(
        e.getMessage().contains("label 42") && e.getMessage().contains("record 2"), e.getMessage());
  }
}
