package dev.kiln.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.TensorDataset;
import dev.kiln.data.builtin.FashionMnist;
import dev.kiln.data.builtin.Mnist;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  /** An IDX file in the official layout: magic 0x0000TTDD, big-endian dims, then the data. */
  static byte[] idx(int typeCode, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt((typeCode << 8) | dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  static void write(Path p, byte[] bytes, boolean gzip) throws IOException {
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
      out.write(bytes);
    }
  }

  static byte[] pixels(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  /** A tiny MNIST-layout folder: {@code count} 4x3 images, labels i % 10. */
  static void writeMnist(Path root, int count, int labelCount, boolean gzip) throws IOException {
    String gz = gzip ? ".gz" : "";
    write(
        root.resolve("train-images-idx3-ubyte" + gz),
        idx(0x08, new int[] {count, 4, 3}, pixels(count * 12)),
        gzip);
    byte[] labels = new byte[labelCount];
    for (int i = 0; i < labelCount; i++) {
      labels[i] = (byte) (i % 10);
    }
    write(
        root.resolve("train-labels-idx1-ubyte" + gz),
        idx(0x08, new int[] {labelCount}, labels),
        gzip);
  }

  @Test
  void readsPlainAndGzippedFiles() throws IOException {
    for (boolean gzip : new boolean[] {false, true}) {
      Path p = dir.resolve("x" + gzip);
      write(p, idx(0x08, new int[] {2, 2, 3}, pixels(12)), gzip);
      Tensor t = Idx.read(p);
      assertEquals(DType.UINT8, t.dtype());
      assertArrayEquals(new int[] {2, 2, 3}, t.shape());
      assertEquals(7 * 5 & 0xff, (int) t.get(0, 1, 2));
    }
  }

  @Test
  void readsBigEndianIntsAndFloats() throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(data);
    out.writeFloat(1.5f);
    out.writeFloat(-2f);
    Path p = dir.resolve("f.idx");
    write(p, idx(0x0D, new int[] {2}, data.toByteArray()), false);
    assertArrayEquals(new float[] {1.5f, -2f}, Idx.read(p).toFloatArray());
  }

  @Test
  void wrongMagicNamesTheFileAndOffset() throws IOException {
    Path p = dir.resolve("bad-magic");
    byte[] b = idx(0x08, new int[] {1}, new byte[] {1});
    b[2] = 0x42;
    write(p, b, false);
    var e = assertThrows(DataFormatException.class, () -> Idx.read(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(
        e.getMessage().contains("magic") && e.getMessage().contains("offset 0"), e.getMessage());
    assertEquals(p, e.file());
  }

  @Test
  void truncatedDataNamesTheFileAndOffset() throws IOException {
    Path p = dir.resolve("short.gz");
    byte[] full = idx(0x08, new int[] {3, 4, 3}, pixels(36));
    write(p, Arrays.copyOf(full, full.length - 5), true);
    var e = assertThrows(DataFormatException.class, () -> Idx.read(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(
        e.getMessage().contains("truncated")
            && e.getMessage().contains("offset " + (full.length - 5)),
        e.getMessage());
  }

  @Test
  void mnistLoadsTheOfficialLayout() throws IOException {
    writeMnist(dir, 12, 12, true);
    TensorDataset ds = Mnist.load(dir, true);
    assertEquals(12, ds.size());
    List<Tensor> s = ds.get(11);
    assertArrayEquals(new int[] {4, 3}, s.get(0).shape());
    assertEquals(DType.UINT8, s.get(0).dtype());
    assertEquals(DType.INT64, s.get(1).dtype());
    assertEquals(1, s.get(1).itemLong());
    assertEquals(12, FashionMnist.load(dir, true).size());
  }

  @Test
  void labelCountMismatchNamesBothFiles() throws IOException {
    writeMnist(dir, 12, 11, false);
    var e = assertThrows(DataFormatException.class, () -> Mnist.load(dir, true));
    assertTrue(e.getMessage().contains("label count 11 != image count 12"), e.getMessage());
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
  }

  @Test
  void missingFilesSayWhatToDo() {
    var e = assertThrows(IOException.class, () -> Mnist.load(dir, false));
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
    assertTrue(e.getMessage().contains("download"), e.getMessage());
  }
}
