package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code Tensor.of(Object)} and {@code toArray()}: every Java element type, any rank, both ways.
 */
class ArrayConversionTest {
  private static void roundTrips(Object nested, DType dtype, int... shape) {
    Tensor t = Tensor.of(nested);
    assertEquals(dtype, t.dtype());
    assertArrayEquals(shape, t.shape());
    Object back = t.toArray();
    assertEquals(nested.getClass(), back.getClass());
    assertTrue(
        Arrays.deepEquals(new Object[] {nested}, new Object[] {back}),
        Arrays.deepToString(new Object[] {back}));
  }

  @Test
  void everyPrimitiveElementTypeRoundTrips() {
    roundTrips(new float[][] {{1.5f, -2}, {3, 4}}, DType.FLOAT32, 2, 2);
    roundTrips(new double[] {0.1, 1e300}, DType.FLOAT64, 2);
    roundTrips(new long[][][] {{{Long.MIN_VALUE}, {Long.MAX_VALUE}}}, DType.INT64, 1, 2, 1);
    roundTrips(new int[][] {{1, 2, 3}}, DType.INT32, 1, 3);
    roundTrips(new short[] {-32768, 32767}, DType.INT16, 2);
    roundTrips(new byte[][] {{-128}, {127}}, DType.INT8, 2, 1);
    roundTrips(new boolean[][] {{true, false}, {false, true}}, DType.BOOL, 2, 2);
  }

  @Test
  void rankFourAndBoxedElementsWork() {
    int[][][][] a = new int[2][3][1][2];
    a[1][2][0][1] = 9;
    Tensor t = Tensor.of(a);
    assertArrayEquals(new int[] {2, 3, 1, 2}, t.shape());
    assertEquals(9, t.getLong(1, 2, 0, 1));
    Tensor boxed = Tensor.of(new Integer[][] {{1, 2}, {3, 4}});
    assertEquals(DType.INT32, boxed.dtype());
    assertArrayEquals(new int[] {1, 2, 3, 4}, boxed.toIntArray());
  }

  @Test
  void boxedScalarsGiveZeroDimTensors() {
    assertEquals(DType.FLOAT32, Tensor.of(3.5f).dtype());
    assertEquals(0, Tensor.of(3.5f).dim());
    assertEquals(3.5f, Tensor.of(3.5f).toArray());
    assertEquals(DType.FLOAT64, Tensor.of((Object) 2.0).dtype());
    assertEquals(7L, Tensor.of((Object) 7L).toArray());
    assertEquals(DType.INT32, Tensor.of((Object) 7).dtype());
    assertEquals(true, Tensor.of((Object) true).toArray());
  }

  @Test
  void emptyArraysKeepTheLengthsJavaKnows() {
    assertArrayEquals(new int[] {0, 0}, Tensor.of(new float[0][3]).shape());
    assertArrayEquals(new int[] {2, 0}, Tensor.of(new float[2][0]).shape());
    assertArrayEquals(new int[] {0}, Tensor.of(new long[0]).shape());
    Object back = Tensor.zeros(0, 3).toArray();
    assertEquals(float[][].class, back.getClass());
    assertEquals(0, ((float[][]) back).length);
    assertArrayEquals(new float[2][0], (float[][]) Tensor.zeros(2, 0).toArray());
  }

  @Test
  void raggedAndNullArraysFailWithThePlace() {
    var ragged =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
    assertEquals(
        "Tensor.of: ragged nested array: expected length 2 at depth 1, got 1", ragged.getMessage());
    var deep =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.of(new int[][][] {{{1}, {2}}, {{3}}}));
    assertTrue(deep.getMessage().contains("expected length 2 at depth 1, got 1"));
    var nullRow =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1}, null}));
    assertEquals("Tensor.of: null sub-array at depth 1", nullRow.getMessage());
    var nullElement =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new Integer[] {1, null}));
    assertEquals("Tensor.of: null element at index 1 of depth 0", nullElement.getMessage());
    var type = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new String[] {"a"}));
    assertTrue(type.getMessage().contains("unsupported element type java.lang.String"));
  }

  @Test
  void toArrayUsesTheDtypesJavaTypeAndReadsAnyLayout() {
    Tensor t = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).t();
    assertArrayEquals(new float[][] {{1, 4}, {2, 5}, {3, 6}}, (float[][]) t.toArray());
    assertArrayEquals(
        new int[] {0, 200, 255},
        (int[]) Tensor.of(new long[] {0, 200, 255}).to(DType.UINT8).toArray());
    assertArrayEquals(
        new float[] {0.5f, 2f}, (float[]) Tensor.of(0.5f, 2f).to(DType.FLOAT16).toArray());
    assertArrayEquals(
        new float[] {0.5f, 2f}, (float[]) Tensor.of(0.5f, 2f).to(DType.BFLOAT16).toArray());
    assertArrayEquals(
        new double[][] {{1, 2}},
        (double[][]) Tensor.of(new int[][] {{1, 2}}, DType.FLOAT64).toArray());
  }
}
