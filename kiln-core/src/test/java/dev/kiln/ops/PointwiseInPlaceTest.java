package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** In-place pointwise ops: write-through to views, and the checks that refuse unsafe writes. */
class PointwiseInPlaceTest {
  @Test
  void addInPlaceOnAViewWritesThroughToTheBase() {
    Tensor base = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor column = base.select(1, 1);
    Tensor r = column.add_(Tensor.of(10f, 20f));
    assertSame(column, r);
    assertArrayEquals(new float[] {1, 12, 3, 4, 25, 6}, base.toFloatArray());
  }

  @Test
  void inPlaceOnATransposedViewWritesThroughToTheBase() {
    Tensor base = Tensor.of(new float[][] {{1, 2}, {3, 4}});
    base.t().mul_(Tensor.of(1f, 10f));
    assertArrayEquals(new float[] {1, 2, 30, 40}, base.toFloatArray());
    base.slice(1, 0, 2, 2).exp_();
    assertEquals(Math.exp(1), base.get(0, 0), 1e-6);
    assertEquals(Math.exp(30), base.get(1, 0), Math.exp(30) * 1e-6);
  }

  @Test
  void inPlaceOnAnExpandedViewIsRefused() {
    Tensor expanded = Tensor.of(1f, 2f, 3f).expand(2, 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> expanded.add_(Tensor.ones(2, 3)));
    assertTrue(e.getMessage().startsWith("add_:"), e.getMessage());
    assertTrue(e.getMessage().contains("single memory location"), e.getMessage());
    assertTrue(e.getMessage().contains("clone()"), e.getMessage());
  }

  @Test
  void inPlaceWhoseResultDtypeCannotBeCastIsRefusedNamingBothDtypes() {
    Tensor ints = Tensor.of(1L, 2L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ints::exp_);
    assertTrue(e.getMessage().startsWith("exp_:"), e.getMessage());
    assertTrue(e.getMessage().contains("float32"), e.getMessage());
    assertTrue(e.getMessage().contains("int64"), e.getMessage());
    assertArrayEquals(new long[] {1, 2}, ints.toLongArray(), "refused op must not write");
    assertThrows(IllegalArgumentException.class, () -> ints.add_(1.5));
    assertThrows(IllegalArgumentException.class, () -> ints.div_(2L));
  }

  @Test
  void inPlaceWhoseBroadcastShapeIsLargerIsRefused() {
    Tensor row = Tensor.of(1f, 2f, 3f);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> row.add_(Tensor.ones(2, 3)));
    assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2, 3]"));
  }

  @Test
  void inPlaceCastsToTheTargetDtypeWhereAllowed() {
    Tensor f16 = Tensor.of(1f, 2f).to(DType.FLOAT16);
    f16.add_(Tensor.of(0.5, 0.25));
    assertEquals(DType.FLOAT16, f16.dtype());
    assertArrayEquals(new float[] {1.5f, 2.25f}, f16.toFloatArray());
    Tensor ints = Tensor.of(7L, -7L);
    ints.floorDivide_(2L);
    assertArrayEquals(new long[] {3, -4}, ints.toLongArray());
  }

  @Test
  void compositeInPlaceOpsWriteTheirResult() {
    Tensor x = Tensor.of(-3f, 0.5f, 3f);
    x.clamp_(-1, 1).square_();
    assertArrayEquals(new float[] {1, 0.25f, 1}, x.toFloatArray());
    x.lerp_(Tensor.zeros(3), 0.5);
    assertArrayEquals(new float[] {0.5f, 0.125f, 0.5f}, x.toFloatArray());
    Tensor y = Tensor.of(Float.NaN, Float.POSITIVE_INFINITY);
    y.nanToNum_();
    assertArrayEquals(new float[] {0, Float.MAX_VALUE}, y.toFloatArray());
  }
}
