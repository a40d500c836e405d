package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Creation ops beyond the op table: dtype rules of the overloads, error messages, and the {@code
 * *Like} forms on non-contiguous inputs. Values are checked against PyTorch in the op table.
 */
class CreationTest {
  @Test
  void arangeIntegerArgumentsGiveInt64AndFloatingArgumentsFloat32() {
    assertEquals(DType.INT64, Tensor.arange(5).dtype());
    assertEquals(DType.INT64, Tensor.arange(1, 5).dtype());
    assertEquals(DType.FLOAT32, Tensor.arange(2.5).dtype());
    assertEquals(DType.FLOAT32, Tensor.arange(0, 1, 0.25).dtype());
    assertEquals(DType.FLOAT64, Tensor.arange(0, 3, 1, DType.FLOAT64).dtype());
    assertArrayEquals(new long[] {10, 7, 4, 1}, Tensor.arange(10, 0, -3).toLongArray());
    assertArrayEquals(
        new float[] {0f, 0.25f, 0.5f, 0.75f}, Tensor.arange(0, 1, 0.25).toFloatArray());
  }

  @Test
  void arangeRejectsZeroAndWrongSignSteps() {
    var zero = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0));
    assertEquals("arange: step must be nonzero", zero.getMessage());
    var sign = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0.0, 5.0, -1.0));
    assertTrue(sign.getMessage().contains("inconsistent with step sign"), sign.getMessage());
    assertTrue(sign.getMessage().contains("end 5.0"), sign.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.arange(5, 0, 1));
    assertEquals(0, Tensor.arange(3, 3).numel());
  }

  @Test
  void arangeLengthIsCeilOfTheSpan() {
    assertEquals(4, Tensor.arange(0.0, 1.0, 0.3).numel());
    assertEquals(4, Tensor.arange(0, 10, 3).numel());
    assertEquals(3, Tensor.arange(0, -9, -4).numel());
  }

  @Test
  void linspaceAndLogspaceEndsAreExactAndStepsChecked() {
    Tensor x = Tensor.linspace(-3.7, 12.1, 1000);
    assertEquals((float) -3.7, x.get(0));
    assertEquals((float) 12.1, x.get(999));
    assertArrayEquals(new float[] {1, 10, 100}, Tensor.logspace(0, 2, 3).toFloatArray());
    assertEquals(0, Tensor.linspace(0, 1, 0).numel());
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, 1, -1));
    assertEquals("linspace: number of steps must be non-negative, got -1", e.getMessage());
  }

  @Test
  void eyeHasOnesOnTheMainDiagonalOnly() {
    Tensor i = Tensor.eye(2, 3, DType.INT32);
    assertEquals(DType.INT32, i.dtype());
    assertArrayEquals(new int[] {1, 0, 0, 0, 1, 0}, i.toIntArray());
    assertArrayEquals(new int[] {3, 3}, Tensor.eye(3).shape());
    assertThrows(IllegalArgumentException.class, () -> Tensor.eye(-1));
  }

  @Test
  void filledTensorsCastTheirValueAndAllowZeroDims() {
    assertArrayEquals(new long[] {7, 7}, Tensor.full(7.9, DType.INT64, 2).toLongArray());
    assertArrayEquals(new int[0], Tensor.zeros().shape());
    assertArrayEquals(new int[] {2, 0}, Tensor.ones(2, 0).shape());
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    assertTrue(e.getMessage().contains("negative dimension -1"), e.getMessage());
  }

  @Test
  void likeFormsCopyShapeAndDtypeOfAnyLayout() {
    Tensor base = Tensor.arange(0, 6, 1, DType.INT16).view(2, 3).t();
    for (Tensor like :
        new Tensor[] {
          Tensor.zerosLike(base),
          Tensor.onesLike(base),
          Tensor.fullLike(base, 4),
          Tensor.emptyLike(base)
        }) {
      assertArrayEquals(new int[] {3, 2}, like.shape());
      assertEquals(DType.INT16, like.dtype());
      assertTrue(like.isContiguous());
    }
    assertArrayEquals(new long[] {4, 4, 4, 4, 4, 4}, Tensor.fullLike(base, 4).toLongArray());
    assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1}, Tensor.onesLike(base).toLongArray());
  }
}
