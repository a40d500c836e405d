package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Joining and reshaping errors name the op and the shapes, sizes or dims involved. */
class JoinErrorsTest {
  @Test
  void catNamesBothShapesAndTheDim() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.cat(1, Tensor.zeros(2, 3), Tensor.zeros(4, 3)));
    assertEquals(
        "cat: sizes of tensors must match except in dimension 1: tensor 0 has shape [2, 3] but"
            + " tensor 1 has shape [4, 3] (size 2 vs 4 at dimension 0)",
        e.getMessage());
  }

  @Test
  void catRefusesZeroDimTensors() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.cat(Tensor.zeros(2), Tensor.scalar(1)));
    assertEquals(
        "cat: zero-dimensional tensor (at position 1) cannot be concatenated", e.getMessage());
  }

  @Test
  void stackNamesBothShapes() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.stack(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
    assertEquals(
        "stack: expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at"
            + " entry 1",
        e.getMessage());
  }

  @Test
  void splitSizesMustSumToTheDim() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.zeros(5, 2).split(new int[] {2, 2}, 0));
    assertEquals(
        "split: split sizes [2, 2] must be non-negative and sum to 5 (dim 0 of shape [5, 2])",
        e.getMessage());
  }

  @Test
  void dimOutOfRangeNamesTheOp() {
    var e = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).flip(2));
    assertEquals(
        "flip: dimension out of range (expected to be in range of [-2, 1], but got 2)",
        e.getMessage());
  }

  @Test
  void reflectPaddingTooLargeNamesTheDimAndSize() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.zeros(2, 3).pad(new int[] {3, 0}, PadMode.REFLECT, 0));
    assertEquals(
        "pad: reflect padding (3, 0) is too large for dim 1 of size 3 (at most 2)", e.getMessage());
  }

  @Test
  void repeatNeedsEnoughDims() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).repeat(2));
    assertEquals(
        "repeat: number of repeat dims [2] can not be smaller than the number of dims of shape"
            + " [2, 3]",
        e.getMessage());
  }

  @Test
  void meshgridNeedsOneDtype() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.meshgrid(Tensor.zeros(2), Tensor.of(1L, 2L)));
    assertEquals(
        "meshgrid: expects all tensors to have the same dtype, got float32 at 0 and int64 at 1",
        e.getMessage());
  }
}
