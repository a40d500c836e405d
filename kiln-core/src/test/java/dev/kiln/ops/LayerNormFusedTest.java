package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused layerNorm kernels (forward and backward) against the composite {@code (x - mean) /
 * sqrt(var + eps) * weight + bias}, which stays here as the reference: rows of 1, 7, 17 and 1023
 * elements, contiguous and non-contiguous (transposed) inputs, float32 and float64, gradients of x,
 * weight and bias; and the Tensor-op backward (used for double backward) against the fused one.
 *
 * <p>Tolerances: float32 1e-5 relative + 1e-5 absolute (values and gradients are differences of
 * rounded floats scaled by 1/std); float64 1e-10.
 */
class LayerNormFusedTest {
  static Tensor composite(Tensor x, int k, Tensor w, Tensor b, double eps) {
    int[] last = new int[k];
    for (int i = 0; i < k; i++) {
      last[i] = x.dim() - k + i;
    }
    Tensor y = x.sub(x.mean(last, true)).mul(x.var(last, 0, true).add(eps).rsqrt());
    return w == null ? y : y.mul(w).add(b);
  }

  private static void close(String what, Tensor want, Tensor got, double rtol, double atol) {
    double[] w = want.to(DType.FLOAT64).contiguous().toDoubleArray();
    double[] g = got.to(DType.FLOAT64).contiguous().toDoubleArray();
    assertEquals(w.length, g.length, what + ": sizes");
    for (int i = 0; i < w.length; i++) {
      if (!(Math.abs(w[i] - g[i]) <= atol + rtol * Math.abs(w[i]))) {
        fail(what + ": element " + i + " expected " + w[i] + " but was " + g[i]);
      }
    }
  }

  @Test
  void matchesTheCompositeForwardAndBackward() {
    Generator gen = new Generator(3);
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-10;
      for (int n : new int[] {1, 7, 17, 1023}) {
        for (boolean affine : new boolean[] {true, false}) {
          for (boolean transposed : new boolean[] {false, true}) {
            Tensor base = Tensor.randn(gen, dtype, 5, n).mul(3).add(1);
            Tensor x = transposed ? base.t().contiguous().t() : base;
            Tensor w = affine ? Tensor.randn(gen, dtype, n) : null;
            Tensor b = affine ? Tensor.randn(gen, dtype, n) : null;
            Tensor g = Tensor.randn(gen, dtype, 5, n);
            String what =
                dtype + " n=" + n + (affine ? " affine" : "") + (transposed ? " strided" : "");
            Tensor[] fused = run(x, w, b, g, true);
            Tensor[] ref = run(x, w, b, g, false);
            for (int i = 0; i < fused.length; i++) {
              close(what + " output " + i, ref[i], fused[i], tol, tol);
            }
          }
        }
      }
    }
  }

  /** Output and the gradients of x (and weight, bias), fused or composite. */
  private static Tensor[] run(Tensor x, Tensor w, Tensor b, Tensor g, boolean fused) {
    int n = x.shape()[1];
    Tensor xg = x.detach().requiresGrad_(true);
    Tensor wg = w == null ? null : w.detach().requiresGrad_(true);
    Tensor bg = b == null ? null : b.detach().requiresGrad_(true);
    Tensor y = fused ? xg.layerNorm(new int[] {n}, wg, bg, 1e-5) : composite(xg, 1, wg, bg, 1e-5);
    y.backward(g);
    return w == null
        ? new Tensor[] {y.detach(), xg.grad()}
        : new Tensor[] {y.detach(), xg.grad(), wg.grad(), bg.grad()};
  }

  @Test
  void theDoubleBackwardFormulaMatchesTheFusedBackward() {
    Generator gen = new Generator(4);
    Tensor x = Tensor.randn(gen, DType.FLOAT64, 3, 2, 19).requiresGrad_(true);
    Tensor w = Tensor.randn(gen, DType.FLOAT64, 2, 19).requiresGrad_(true);
    Tensor b = Tensor.randn(gen, DType.FLOAT64, 2, 19).requiresGrad_(true);
    Tensor g = Tensor.randn(gen, DType.FLOAT64, 3, 2, 19);
    Tensor[] in = {x, w, b};
    int[] shape = {2, 19};
    Tensor[] fused =
        Autograd.grad(
            new Tensor[] {x.layerNorm(shape, w, b, 1e-5)},
            in,
            new Tensor[] {g},
            false,
            false,
            false);
    Tensor[] graph =
        Autograd.grad(
            new Tensor[] {x.layerNorm(shape, w, b, 1e-5)},
            in,
            new Tensor[] {g},
            false,
            true,
            false);
    for (int i = 0; i < 3; i++) {
      close("input " + i, fused[i], graph[i], 1e-10, 1e-12);
    }
  }

  @Test
  void argumentChecks() {
    Tensor x = Tensor.ones(2, 3);
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> x.layerNorm(new int[] {4}, null, null, 1e-5));
    assertEquals(
        "layerNorm: input shape [2, 3] does not end with normalizedShape [4]", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> x.layerNorm(new int[] {3}, Tensor.ones(3), null, 1e-5));
    assertThrows(
        IllegalArgumentException.class,
        () -> x.layerNorm(new int[] {3}, Tensor.ones(2), Tensor.ones(2), 1e-5));
  }
}
