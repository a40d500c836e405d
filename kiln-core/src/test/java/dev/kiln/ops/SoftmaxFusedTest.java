package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The fused softmax and logSoftmax kernels (forward and backward) against their composites of exp,
 * amax, sum and div, which stay here as the reference (DESIGN §3): rows of 0, 1, 7, 17 and 1023
 * elements, contiguous and transposed (non-contiguous rows), float32 and float64, the gradient of
 * the fused backward kernel against the Tensor-op formula that double backward uses.
 *
 * <p>Tolerances: float32 2e-6 relative + 1e-7 absolute (the vector kernels' exp is about 1 ulp, and
 * the composite rounds each step to float32); float64 1e-12.
 */
class SoftmaxFusedTest {
  static final int[] ROW_LENGTHS = {0, 1, 7, 17, 1023};

  static Tensor softmaxComposite(Tensor x, int dim) {
    if (x.numel() == 0) {
      return Tensor.empty(x.dtype(), x.shape());
    }
    Tensor e = x.sub(x.amax(new int[] {dim}, true)).exp();
    return e.div(e.sum(new int[] {dim}, true));
  }

  static Tensor logSoftmaxComposite(Tensor x, int dim) {
    if (x.numel() == 0) {
      return Tensor.empty(x.dtype(), x.shape());
    }
    Tensor s = x.sub(x.amax(new int[] {dim}, true));
    return s.sub(s.exp().sum(new int[] {dim}, true).log());
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

  private static void check(
      String name,
      BiFunction<Tensor, Integer, Tensor> fused,
      BiFunction<Tensor, Integer, Tensor> composite) {
    Generator gen = new Generator(11);
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      double rtol = dtype == DType.FLOAT32 ? 2e-6 : 1e-12;
      double atol = dtype == DType.FLOAT32 ? 1e-7 : 1e-15;
      for (int n : ROW_LENGTHS) {
        Tensor base = Tensor.randn(gen, dtype, 3, n).mul(4);
        for (boolean transposed : new boolean[] {false, true}) {
          // rows along dim 1 of [3, n], or along dim 0 of the transposed [n, 3] view
          Tensor x = transposed ? base.t().contiguous().t() : base;
          String what = name + " " + dtype + " n=" + n + (transposed ? " strided" : "");
          close(what, composite.apply(x, 1), fused.apply(x, 1), rtol, atol);
          if (n == 0) {
            continue; // nothing to differentiate
          }
          Tensor xg = x.detach().requiresGrad_(true);
          Tensor g = Tensor.randn(gen, dtype, 3, n);
          fused.apply(xg, 1).backward(g);
          Tensor fusedGrad = xg.grad();
          Tensor xr = x.detach().requiresGrad_(true);
          composite.apply(xr, 1).backward(g);
          close(what + " grad", xr.grad(), fusedGrad, rtol * 4, atol * 4);
        }
      }
    }
  }

  @Test
  void softmaxMatchesItsComposite() {
    check("softmax", Tensor::softmax, SoftmaxFusedTest::softmaxComposite);
  }

  @Test
  void logSoftmaxMatchesItsComposite() {
    check("logSoftmax", Tensor::logSoftmax, SoftmaxFusedTest::logSoftmaxComposite);
  }

  @Test
  void theBackwardFormulaForDoubleBackwardMatchesTheFusedBackward() {
    Generator gen = new Generator(5);
    for (boolean log : new boolean[] {false, true}) {
      Tensor x = Tensor.randn(gen, DType.FLOAT64, 4, 33).requiresGrad_(true);
      Tensor g = Tensor.randn(gen, DType.FLOAT64, 4, 33);
      Tensor y = log ? x.logSoftmax(1) : x.softmax(1);
      Tensor[] xs = {x};
      Tensor[] gs = {g};
      Tensor fused = Autograd.grad(new Tensor[] {y}, xs, gs, false, false, false)[0];
      Tensor y2 = log ? x.logSoftmax(1) : x.softmax(1);
      Tensor viaGraph = Autograd.grad(new Tensor[] {y2}, xs, gs, false, true, false)[0];
      close(log ? "logSoftmax" : "softmax", fused, viaGraph, 1e-12, 1e-15);
    }
  }

  @Test
  void float32SoftmaxAndItsGradientFlushSubnormalsToZero() {
    // exp(-100) ~ 3.7e-44 and exp(-95) ~ 5.5e-42 are subnormal in float32, normal in float64
    float[] row = {0f, -100f, -95f, -50f, 1f, -100f, -2f, -3f, -4f};
    for (boolean strided : new boolean[] {false, true}) {
      Tensor base = Tensor.of(row).reshape(1, row.length);
      Tensor x = (strided ? base.t().contiguous().t() : base).requiresGrad_(true);
      Tensor y = x.softmax(1);
      float[] yv = y.contiguous().toFloatArray();
      assertEquals(0f, yv[1], "flushed exp(-100)");
      assertEquals(0f, yv[2], "flushed exp(-95)");
      assertEquals(Math.exp(-51) / sumExp(row), yv[3], 1e-28, "normal values stay");
      y.backward(Tensor.of(new float[] {1e-20f, 2e-20f, 0, 0, 0, 0, 0, 0, 0}).reshape(1, 9));
      for (float v : x.grad().contiguous().toFloatArray()) {
        assertEquals(false, v != 0 && Math.abs(v) < Float.MIN_NORMAL, "subnormal gradient " + v);
      }
    }
    double tiny = Tensor.of(0.0, -100.0).softmax(0).toDoubleArray()[1];
    assertEquals(Math.exp(-100) / (1 + Math.exp(-100)), tiny, 1e-58, "float64 keeps it");
  }

  private static double sumExp(float[] row) {
    double s = 0;
    for (float v : row) {
      s += Math.exp(v - 1);
    }
    return s;
  }
}
