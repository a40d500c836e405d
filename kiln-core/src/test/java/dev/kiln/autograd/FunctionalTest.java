package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The functional transforms against closed-form derivatives. */
class FunctionalTest {
  private static final Tensor X = Tensor.of(new double[] {0.5, -1.0, 2.0});

  /** f(x) = sum(x^3) + x0 x1: gradient 3x^2 + (x1, x0, 0); Hessian diag(6x) + off-diagonal 1s. */
  private static Tensor f(Tensor x) {
    return x.pow(3).sum().add(x.select(0, 0).mul(x.select(0, 1)));
  }

  @Test
  void gradAndValueAndGrad() {
    Tensor g = Functional.grad(in -> f(in[0])).apply(new Tensor[] {X})[0];
    assertArrayEquals(new double[] {0.75 - 1, 3 + 0.5, 12}, g.toDoubleArray(), 1e-12);
    Functional.ValueAndGrad vg = Functional.valueAndGrad(in -> f(in[0])).apply(new Tensor[] {X});
    assertEquals(0.125 - 1 + 8 - 0.5, vg.value().item(), 1e-12);
    assertFalse(X.requiresGrad());
    assertFalse(vg.grads()[0].requiresGrad());
  }

  @Test
  void hessianAndHvp() {
    Tensor h = Functional.hessian(FunctionalTest::f, X);
    assertArrayEquals(new int[] {3, 3}, h.shape());
    double[] expected = {3, 1, 0, 1, -6, 0, 0, 0, 12};
    assertArrayEquals(expected, h.toDoubleArray(), 1e-12);
    Tensor v = Tensor.of(new double[] {1, 2, 3});
    Tensor hv = Functional.hvp(FunctionalTest::f, X, v);
    assertArrayEquals(new double[] {3 + 2, 1 - 12, 36}, hv.toDoubleArray(), 1e-12);
  }

  @Test
  void jacobianVjpAndJvpAgree() {
    Tensor j = Functional.jacobian(x -> x.exp().mul(x.sum()), X);
    Tensor v = Tensor.of(new double[] {1, -2, 0.5});
    Tensor t = Tensor.of(new double[] {0.3, 0.1, -1});
    Tensor vjp =
        Functional.vjp(
                in -> new Tensor[] {in[0].exp().mul(in[0].sum())},
                new Tensor[] {X},
                new Tensor[] {v})
            .product()[0];
    Tensor jvp =
        Functional.jvp(
                in -> new Tensor[] {in[0].exp().mul(in[0].sum())},
                new Tensor[] {X},
                new Tensor[] {t})
            .product()[0];
    // J[i][k] = exp(x_i) (delta_ik * s + 1), s = sum(x)
    double s = 1.5;
    double[] jx = j.toDoubleArray();
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        double e = Math.exp(X.get(i)) * ((i == k ? s : 0) + 1);
        assertEquals(e, jx[i * 3 + k], 1e-12);
      }
    }
    for (int k = 0; k < 3; k++) {
      double vj = 0;
      double jt = 0;
      for (int i = 0; i < 3; i++) {
        vj += v.get(i) * jx[i * 3 + k];
        jt += jx[k * 3 + i] * t.get(i);
      }
      assertEquals(vj, vjp.get(k), 1e-12);
      assertEquals(jt, jvp.get(k), 1e-12);
    }
  }

  @Test
  void transformsCompose() {
    Tensor x = X.clone().requiresGrad_(true);
    Tensor g = Functional.grad(in -> f(in[0])).apply(new Tensor[] {x})[0];
    g.sum().backward(); // differentiable because x requires grad
    // d/dx sum(3x^2 + (x1, x0, 0)) = 6x + (1, 1, 0)
    assertArrayEquals(new double[] {4, -5, 12}, x.grad().toDoubleArray(), 1e-12);
  }
}
