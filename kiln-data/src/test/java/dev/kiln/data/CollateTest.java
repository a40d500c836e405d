package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollateTest {
  record Sample(Tensor image, int label, Map<String, Object> meta) {}

  @Test
  @SuppressWarnings("unchecked")
  void nestedRecordsMapsListsNumbersArraysAndStrings() {
    Sample s0 =
        new Sample(
            Tensor.of(new float[][] {{1, 2}, {3, 4}}),
            3,
            Map.of("w", 0.5, "name", "a", "pair", List.of(1L, new float[] {1f, 2f})));
    Sample s1 =
        new Sample(
            Tensor.of(new float[][] {{5, 6}, {7, 8}}),
            4,
            Map.of("w", 1.5, "name", "b", "pair", List.of(2L, new float[] {3f, 4f})));
    Map<String, Object> b = (Map<String, Object>) Collate.defaultCollate().collate(List.of(s0, s1));
    Tensor image = (Tensor) b.get("image");
    assertArrayEquals(new int[] {2, 2, 2}, image.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, image.toFloatArray());
    Tensor label = (Tensor) b.get("label");
    assertEquals(DType.INT64, label.dtype());
    assertArrayEquals(new long[] {3, 4}, label.toLongArray());
    Map<String, Object> meta = (Map<String, Object>) b.get("meta");
    assertEquals(DType.FLOAT64, ((Tensor) meta.get("w")).dtype());
    assertArrayEquals(new double[] {0.5, 1.5}, ((Tensor) meta.get("w")).toDoubleArray());
    assertEquals(List.of("a", "b"), meta.get("name"));
    List<Object> pair = (List<Object>) meta.get("pair");
    assertArrayEquals(new long[] {1, 2}, ((Tensor) pair.get(0)).toLongArray());
    Tensor arrays = (Tensor) pair.get(1);
    assertArrayEquals(new int[] {2, 2}, arrays.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4}, arrays.toFloatArray());
  }

  @Test
  void tensorsCollateStacksPositionally() {
    List<Tensor> a = List.of(Tensor.of(1f, 2f), Tensor.scalar(0, DType.INT64));
    List<Tensor> b = List.of(Tensor.of(3f, 4f), Tensor.scalar(1, DType.INT64));
    List<Tensor> batch = Collate.tensors().collate(List.of(a, b));
    assertArrayEquals(new int[] {2, 2}, batch.get(0).shape());
    assertArrayEquals(new long[] {0, 1}, batch.get(1).toLongArray());
  }

  @Test
  void mismatchedShapesNameThePathAndItem() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Collate.defaultCollate()
                    .collate(List.of(List.of(Tensor.of(1f, 2f)), List.of(Tensor.of(1f)))));
    assertTrue(
        e.getMessage().contains("batch[0]") && e.getMessage().contains("item 1"), e.getMessage());
    var kinds =
        assertThrows(
            IllegalArgumentException.class,
            () -> Collate.defaultCollate().collate(List.of(1, "x")));
    assertTrue(kinds.getMessage().contains("String"), kinds.getMessage());
  }
}
