package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * ReLU's fused backward ({@link UnaryOps#reluBackward}): PyTorch's {@code threshold_backward} at 0
 * (zero where the output is {@code <= 0}, the gradient elsewhere, NaN outputs included), in float32
 * on the vector body and its tail, and in float64; differentiable again; used by relu and
 * addcmulRelu.
 */
class ReluBackwardTest {
  @Test
  void zeroWhereTheOutputIsNotPositiveElseTheGradient() {
    int n = 53; // vector body plus a scalar tail
    float[] y = new float[n];
    float[] g = new float[n];
    float[] want = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = (i % 5) - 2f;
      g[i] = i + 0.5f;
      want[i] = y[i] <= 0 ? 0 : g[i];
    }
    y[3] = Float.NaN;
    want[3] = g[3];
    y[4] = -0f;
    want[4] = 0;
    y[9] = Float.POSITIVE_INFINITY;
    want[9] = g[9];
    g[10] = Float.NaN;
    y[10] = -1;
    want[10] = 0; // a NaN gradient where the output is not positive does not leak through
    Tensor got = UnaryOps.reluBackward(Tensor.of(g), Tensor.of(y));
    assertArrayEquals(want, got.toFloatArray());
    Tensor got64 =
        UnaryOps.reluBackward(Tensor.of(g).to(DType.FLOAT64), Tensor.of(y).to(DType.FLOAT64));
    assertArrayEquals(want, got64.toFloatArray());
    Tensor strided =
        UnaryOps.reluBackward(
            Tensor.of(g).reshape(1, n).expand(2, n).t(), Tensor.of(y).reshape(n, 1));
    assertArrayEquals(new int[] {n, 2}, strided.shape());
    assertEquals(want[9], strided.get(9, 1));
  }

  @Test
  void integerOperandsAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> UnaryOps.reluBackward(Tensor.of(1L, 2L), Tensor.of(1L, -1L)));
    assertEquals("reluBackward: not implemented for dtypes int64 and int64", e.getMessage());
  }

  @Test
  void reluAndAddcmulReluDifferentiateTwice() {
    Generator gen = new Generator(7);
    Tensor x = Tensor.randn(gen, DType.FLOAT64, 4, 6).requiresGrad_(true);
    Tensor t1 = Tensor.randn(gen, DType.FLOAT64, 4, 6).requiresGrad_(true);
    Tensor t2 = Tensor.randn(gen, DType.FLOAT64, 6).requiresGrad_(true);
    GradCheck.gradcheck(xs -> new Tensor[] {xs[0].relu().mul(xs[0])}, new Tensor[] {x});
    GradCheck.gradgradcheck(xs -> new Tensor[] {xs[0].relu().mul(xs[0])}, new Tensor[] {x});
    GradCheck.gradcheck(
        xs -> new Tensor[] {xs[0].addcmulRelu(xs[1], xs[2], 0.5)}, new Tensor[] {x, t1, t2});
    GradCheck.gradgradcheck(
        xs -> new Tensor[] {xs[0].addcmulRelu(xs[1], xs[2], 0.5).square()},
        new Tensor[] {x, t1, t2});
  }
}
