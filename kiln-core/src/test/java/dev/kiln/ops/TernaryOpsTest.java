package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The {@code out=} forms of addcmul, addcdiv and addcmulRelu, and the family's argument checks;
 * values against PyTorch are in the op table ({@link TernaryCases}).
 */
class TernaryOpsTest {
  private static Tensor ramp(int n, double scale) {
    return Tensor.arange(n).to(DType.FLOAT32).sub((double) n / 2).mul(scale);
  }

  @Test
  void outFormsWriteTheSameValuesAsTheAllocatingForms() {
    int n = 1023; // vector body and tail
    Tensor c = ramp(n, 0.01);
    Tensor a = ramp(n, -0.02);
    Tensor b = ramp(n, 0.03).add(20);
    Tensor out = Tensor.empty(n);
    int version = out.version();
    assertSame(out, c.addcmul(a, b, 0.5, out));
    assertArrayEquals(c.addcmul(a, b, 0.5).toFloatArray(), out.toFloatArray());
    assertSame(out, c.addcdiv(a, b, -2, out));
    assertArrayEquals(c.addcdiv(a, b, -2).toFloatArray(), out.toFloatArray());
    assertSame(out, c.addcmulRelu(a, b, 1, out));
    assertArrayEquals(a.mul(b).add(c).relu().toFloatArray(), out.toFloatArray());
    assertTrue(out.version() >= version + 3, "each write bumps the version counter");
  }

  @Test
  void outMayAliasAnInput() {
    Tensor c = ramp(37, 0.1);
    Tensor want = c.addcmulRelu(c, c, -1);
    c.addcmulRelu(c, c, -1, c);
    assertArrayEquals(want.toFloatArray(), c.toFloatArray());
  }

  @Test
  void outIntoATransposedViewWritesThroughItsStrides() {
    Tensor base = Tensor.zeros(3, 4);
    Tensor a = ramp(12, 0.5).reshape(4, 3);
    a.addcmul(a, a, 1, base.t());
    assertArrayEquals(a.addcmul(a, a).t().contiguous().toFloatArray(), base.toFloatArray());
  }

  @Test
  void outWithTheWrongShapeOrDTypeIsRefused() {
    Tensor x = Tensor.ones(2, 3);
    var shape =
        assertThrows(IllegalArgumentException.class, () -> x.addcmul(x, x, 1, Tensor.empty(3, 2)));
    assertEquals(
        "addcmul: out has shape [3, 2] and dtype float32, expected shape [2, 3] and dtype float32",
        shape.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> x.addcmul(x, x, 1, Tensor.empty(DType.FLOAT64, 2, 3)));
    assertThrows(
        IllegalArgumentException.class, () -> x.addcmul(x, x, 1, Tensor.empty(1, 3).expand(2, 3)));
  }

  @Test
  void outRefusesAutograd() {
    Tensor w = Tensor.ones(3).requiresGrad_(true);
    Tensor x = Tensor.ones(3);
    var e = assertThrows(IllegalArgumentException.class, () -> x.addcmul(w, x, 1, Tensor.empty(3)));
    assertTrue(e.getMessage().contains("don't support automatic differentiation"), e.getMessage());
    try (var g = Autograd.noGrad()) {
      Tensor out = x.addcmul(w, x, 2, Tensor.empty(3));
      assertArrayEquals(new float[] {3, 3, 3}, out.toFloatArray());
    }
  }

  @Test
  void argumentChecks() {
    Tensor i = Tensor.ones(DType.INT64, 3);
    var div = assertThrows(IllegalArgumentException.class, () -> i.addcdiv(i, i));
    assertTrue(div.getMessage().startsWith("addcdiv: integer division"), div.getMessage());
    var frac = assertThrows(IllegalArgumentException.class, () -> i.addcmul(i, i, 0.5));
    assertTrue(frac.getMessage().contains("value must be an integer"), frac.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.ones(3).addcmul(Tensor.ones(2), Tensor.ones(3)));
  }
}
