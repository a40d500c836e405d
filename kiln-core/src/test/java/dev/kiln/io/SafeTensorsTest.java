package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  private static Tensor sample(DType dtype, int... shape) {
    Tensor t = Tensor.empty(dtype, shape);
    for (int i = 0; i < t.numel(); i++) {
      t.storage().setDouble(i, dtype == DType.BOOL ? i % 2 : i * 1.5 - 3, dtype);
    }
    return t;
  }

  private static String header(byte[] file) {
    int n = (int) java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    return new String(file, 8, n, StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsEveryDtypeWithMetadataAndKeepsNamesVerbatim() throws Exception {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (DType dtype : DType.values()) {
      tensors.put("encoder.layers.0." + dtype.pyName(), sample(dtype, 2, 3));
    }
    tensors.put("scalar", sample(DType.FLOAT32));
    tensors.put("empty", sample(DType.INT32, 0, 5));
    Path p = dir.resolve("m.safetensors");
    SafeTensors.write(p, tensors, Map.of("format", "pt"));
    SafeTensors.Content c = SafeTensors.read(p);
    assertEquals(Map.of("format", "pt"), c.metadata());
    assertEquals(tensors.keySet(), c.tensors().keySet());
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor got = c.tensors().get(e.getKey());
      assertEquals(e.getValue().dtype(), got.dtype(), e.getKey());
      assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
      assertArrayEquals(e.getValue().toDoubleArray(), got.toDoubleArray(), e.getKey());
      assertArrayEquals(
          e.getValue().toDoubleArray(), SafeTensors.readTensor(p, e.getKey()).toDoubleArray());
    }
    assertEquals(Map.of("format", "pt"), SafeTensors.readMetadata(p));
  }

  @Test
  void layoutIsByDescendingAlignmentThenName() throws Exception {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (DType dtype : DType.values()) {
      tensors.put("b" + dtype.pyName(), sample(dtype, 1));
    }
    tensors.put("a", sample(DType.FLOAT32, 1));
    Path p = dir.resolve("order.safetensors");
    SafeTensors.write(p, tensors);
    try (FileChannel ch = FileChannel.open(p)) {
      List<String> order =
          SafeTensorsHeader.read(ch, "order").entries().stream()
              .map(SafeTensorsHeader.Entry::name)
              .toList();
      assertEquals(
          List.of(
              "bint64",
              "bfloat64",
              "a",
              "bfloat32",
              "bint32",
              "bbfloat16",
              "bfloat16",
              "bint16",
              "bint8",
              "buint8",
              "bbool"),
          order);
    }
  }

  @Test
  void matchesTheReferenceTestVectors() throws Exception {
    Path p = dir.resolve("v.safetensors");
    SafeTensors.write(p, Map.of());
    byte[] empty = Files.readAllBytes(p);
    assertArrayEquals(
        new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '}, empty);

    SafeTensors.write(p, Map.of(), Map.of("framework", "pt"));
    assertEquals("{\"__metadata__\":{\"framework\":\"pt\"}}     ", header(Files.readAllBytes(p)));

    Tensor t = Tensor.of(0f, 1f, 2f, 3f, 4f, 5f);
    SafeTensors.write(p, Map.of("attn.0", t.reshape(1, 2, 3)));
    byte[] file = Files.readAllBytes(p);
    assertEquals(
        "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", header(file));
    assertEquals(8 + 64 + 24, file.length);

    SafeTensors.write(p, Map.of("attn0", t.reshape(1, 1, 2, 3)));
    assertEquals(
        "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ",
        header(Files.readAllBytes(p)));
  }

  @Test
  void writesTheLogicalValuesOfANonContiguousView() throws Exception {
    Tensor base = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Path p = dir.resolve("t.safetensors");
    SafeTensors.write(p, Map.of("t", base.t()));
    Tensor got = SafeTensors.readTensor(p, "t");
    assertArrayEquals(new int[] {3, 2}, got.shape());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, got.toDoubleArray());
  }

  @Test
  void missingTensorAndReservedNameAreClearErrors() throws Exception {
    Path p = dir.resolve("x.safetensors");
    SafeTensors.write(p, Map.of("w", Tensor.zeros(2)));
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.readTensor(p, "b"));
    assertTrue(missing.getMessage().contains("no tensor named 'b'"), missing.getMessage());
    assertTrue(missing.getMessage().contains(": w"), missing.getMessage());
    IllegalArgumentException reserved =
        assertThrows(
            IllegalArgumentException.class,
            () -> SafeTensors.write(p, Map.of("__metadata__", Tensor.zeros(1))));
    assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
  }

  @Test
  void readTensorReadsOnlyItsOwnBytes() throws Exception {
    Path p = dir.resolve("one.safetensors");
    SafeTensors.write(p, Map.of("a", Tensor.of(1f, 2f), "b", Tensor.of(3f, 4f)));
    byte[] file = Files.readAllBytes(p);
    // Corrupting a's data (NaN bits) leaves b's values, read from their own offset, intact.
    int n = (int) java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    Arrays.fill(file, 8 + n, 8 + n + 8, (byte) 0xFF);
    Files.write(p, file);
    assertArrayEquals(new double[] {3, 4}, SafeTensors.readTensor(p, "b").toDoubleArray());
  }
}
