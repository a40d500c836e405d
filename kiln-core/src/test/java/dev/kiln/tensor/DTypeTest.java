package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The dtype table: categories, sizes and compute types. */
class DTypeTest {
  @Test
  void categoriesAndSizes() {
    for (DType d : DType.values()) {
      int kinds =
          (d.isFloatingPoint() ? 1 : 0) + (d.isIntegral() ? 1 : 0) + (d == DType.BOOL ? 1 : 0);
      assertEquals(1, kinds, d + " is in exactly one category");
      assertEquals(d.pyName(), d.toString());
      assertTrue(d.itemSize() > 0);
      DType c = d.computeType();
      assertEquals(d.kind(), c.kind(), d + " computes in its own category");
      assertTrue(c.itemSize() >= d.itemSize(), d + " computes in a type at least as wide");
    }
    assertEquals(2, DType.BFLOAT16.itemSize());
    assertEquals(DType.FLOAT32, DType.FLOAT16.computeType());
    assertEquals(DType.INT64, DType.UINT8.computeType());
  }

  @Test
  void everyDtypeRoundTripsThroughATensor() {
    for (DType d : DType.values()) {
      Tensor t = Tensor.of(new double[] {0, 1, 1, 0}).to(d).view(2, 2);
      assertEquals(d, t.dtype());
      assertEquals(DType.FLOAT64, t.to(DType.FLOAT64).dtype());
      assertEquals(1.0, t.get(0, 1), d.toString());
      assertEquals(1, t.t().getLong(1, 0), d.toString());
    }
  }
}
