package dev.kiln.ops;

import static dev.kiln.ops.Index.at;
import static dev.kiln.ops.Index.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Index errors name the op, the offending index value and the size of the dim it indexes. */
class IndexErrorsTest {
  private final Tensor x = Tensor.zeros(2, 3);

  @Test
  void gatherNamesTheIndexValueAndDimSize() {
    Tensor idx = Tensor.of(new long[][] {{0, 5}, {1, 2}});
    var e = assertThrows(IndexOutOfBoundsException.class, () -> x.gather(1, idx));
    assertEquals("gather: index 5 is out of bounds for dimension 1 with size 3", e.getMessage());
  }

  @Test
  void gatherRefusesNegativeIndices() {
    Tensor idx = Tensor.of(new long[][] {{-1}, {0}});
    var e = assertThrows(IndexOutOfBoundsException.class, () -> x.gather(1, idx));
    assertEquals("gather: index -1 is out of bounds for dimension 1 with size 3", e.getMessage());
  }

  @Test
  void indexSelectAndScatterNameTheIndex() {
    var e =
        assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, Tensor.of(0L, 2L)));
    assertEquals(
        "indexSelect: index 2 is out of bounds for dimension 0 with size 2", e.getMessage());
    Tensor idx = Tensor.of(new long[][] {{3}});
    e = assertThrows(IndexOutOfBoundsException.class, () -> x.scatter(1, idx, 1.0));
    assertEquals("scatter: index 3 is out of bounds for dimension 1 with size 3", e.getMessage());
  }

  @Test
  void advancedIndexWrapsNegativesOnceOnly() {
    assertEquals(1, x.index(Tensor.of(new long[] {-1})).size(0));
    var e =
        assertThrows(IndexOutOfBoundsException.class, () -> x.index(Tensor.of(new long[] {-3})));
    assertEquals("index: index -3 is out of bounds for dimension 0 with size 2", e.getMessage());
  }

  @Test
  void scatterNamesTheShapes() {
    Tensor idx = Tensor.zeros(dev.kiln.tensor.DType.INT64, 3, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> x.scatter(1, idx, x));
    assertEquals(
        "scatter: index shape [3, 1] must have the rank of self [2, 3] and src [2, 3] and no"
            + " larger sizes (except self's at dim 1)",
        e.getMessage());
  }

  @Test
  void takeNamesTheFlatSize() {
    var e = assertThrows(IndexOutOfBoundsException.class, () -> x.take(Tensor.of(6L)));
    assertEquals("take: index 6 is out of bounds for dimension 0 with size 6", e.getMessage());
  }

  @Test
  void indexDtypesAreChecked() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> x.gather(1, Tensor.zeros(DType.INT32, 2, 1)));
    assertEquals("gather: expected an int64 index tensor, got int32", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> x.indexSelect(0, Tensor.zeros(DType.FLOAT32, 1)));
    assertEquals(
        "indexSelect: expected an int64 or int32 index tensor, got float32", e.getMessage());
  }

  @Test
  void maskShapeAndDtypeAreChecked() {
    var e = assertThrows(IllegalArgumentException.class, () -> x.maskedFill(Tensor.zeros(2, 3), 1));
    assertEquals("maskedFill: expected a bool mask, got float32", e.getMessage());
    var e2 =
        assertThrows(
            IndexOutOfBoundsException.class, () -> x.index(tensor(Tensor.of(true, false, true))));
    assertEquals(
        "index: the shape of the mask [3] at index 0 does not match the shape of the indexed"
            + " tensor [2, 3] at index 0",
        e2.getMessage());
  }

  @Test
  void tooManyIndicesNamesTheShape() {
    var e = assertThrows(IndexOutOfBoundsException.class, () -> x.index(at(0), at(0), at(0)));
    assertEquals(
        "index: too many indices for tensor of shape [2, 3]: 3 dims indexed", e.getMessage());
  }

  @Test
  void oneHotNamesTheClass() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(0L, 4L).oneHot(3));
    assertEquals("oneHot: class value 4 must be smaller than numClasses (3)", e.getMessage());
  }

  @Test
  void basicIndicesGiveViewsAndIndexPutWritesInPlace() {
    Tensor y = Tensor.zeros(2, 3);
    y.index(at(1)).fill_(2);
    assertArrayEquals(new double[] {0, 0, 0, 2, 2, 2}, y.toDoubleArray());
    y.indexPut_(
        new Index[] {tensor(Tensor.of(0L)), tensor(Tensor.of(2L))}, Tensor.scalar(5), false);
    assertArrayEquals(new double[] {0, 0, 5, 2, 2, 2}, y.toDoubleArray());
  }
}
