package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  private static Tensor sample(DType dtype, int... shape) {
    Tensor t = Tensor.empty(dtype, shape);
    for (int i = 0; i < t.numel(); i++) {
      t.storage().setDouble(i, dtype == DType.BOOL ? i % 3 : (i * 7 % 11) - 5, dtype);
    }
    return t;
  }

  private static void assertSame(Tensor want, Tensor got) {
    assertEquals(want.dtype(), got.dtype());
    assertArrayEquals(want.shape(), got.shape());
    assertArrayEquals(want.toDoubleArray(), got.toDoubleArray());
  }

  @Test
  void roundTripsEveryNumpyDtypeAndShape() throws Exception {
    int[][] shapes = {{}, {0}, {5}, {2, 3}, {2, 0, 3}, {2, 3, 4}};
    for (DType dtype : DType.values()) {
      if (dtype == DType.BFLOAT16) {
        continue;
      }
      for (int[] shape : shapes) {
        Tensor t = sample(dtype, shape);
        for (Npy.Order order : Npy.Order.values()) {
          for (int version = 0; version <= 3; version++) {
            byte[] bytes = Npy.toBytes(t, order, version);
            assertEquals(0, (bytes.length - t.numel() * dtype.itemSize()) % 64, "header aligned");
            assertSame(t, Npy.read(bytes, dtype + Arrays.toString(shape)));
          }
        }
      }
    }
  }

  @Test
  void headerMatchesNumpysWorkedExample() throws Exception {
    byte[] bytes = Npy.toBytes(Tensor.zeros(3, 4));
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1, bytes[6]);
    assertEquals(118, b.getShort(8));
    assertEquals(128 + 48, bytes.length);
    String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
    assertEquals(dict + " ".repeat(20 + 38) + "\n", header);
  }

  @Test
  void writesFortranOrderAsColumnMajorData() throws Exception {
    Tensor t = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    byte[] bytes = Npy.toBytes(t, Npy.Order.FORTRAN, 0);
    String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
    assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }"));
    float[] data = new float[6];
    ByteBuffer.wrap(bytes, 128, 24).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, data);
    assertSame(t, Npy.read(bytes, "fortran"));
  }

  @Test
  void writesTheLogicalValuesOfANonContiguousView() throws Exception {
    Tensor base = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor view = base.t();
    assertSame(view.contiguous(), Npy.read(Npy.toBytes(view), "view"));
    Tensor slice = base.reshape(6).view(3, 2).transpose(0, 1);
    assertSame(slice.contiguous(), Npy.read(Npy.toBytes(slice), "slice"));
  }

  @Test
  void forcedVersionsWriteTheirHeaderLayout() throws Exception {
    Tensor t = Tensor.of(1.0, 2.0);
    for (int v = 1; v <= 3; v++) {
      byte[] bytes = Npy.toBytes(t, Npy.Order.C, v);
      assertEquals(v, bytes[6]);
      assertSame(t, Npy.read(bytes, "v" + v));
    }
    assertThrows(IllegalArgumentException.class, () -> Npy.toBytes(t, Npy.Order.C, 4));
  }

  @Test
  void boolBytesOtherThanOneReadAsTrue() throws Exception {
    byte[] bytes =
        Corrupt.npy(
            "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", new byte[] {0, 1, 7});
    Tensor t = Npy.read(bytes, "bool");
    assertArrayEquals(new long[] {0, 1, 1}, t.toLongArray());
  }

  @Test
  void refusesBfloat16WithAClearMessage() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Npy.toBytes(Tensor.zeros(2).to(DType.BFLOAT16)));
    assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
    assertTrue(e.getMessage().contains("SafeTensors"), e.getMessage());
  }

  @Test
  void writesAndReadsFiles(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("x.npy");
    Tensor t = sample(DType.INT64, 4, 2);
    Npy.write(p, t);
    assertSame(t, Npy.read(p));
    Tensor u = sample(DType.FLOAT16, 3, 3);
    Npy.write(p, u, Npy.Order.FORTRAN, 2);
    assertSame(u, Npy.read(p));
  }
}
