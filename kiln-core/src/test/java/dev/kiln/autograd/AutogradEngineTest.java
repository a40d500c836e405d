package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine: accumulation, retained and higher-order graphs, grad(), hooks and grad modes. */
class AutogradEngineTest {
  private static Tensor leaf(double... v) {
    return Tensor.of(v).requiresGrad_(true);
  }

  private static void assertValues(double[] expected, Tensor t) {
    assertArrayEquals(expected, t.toDoubleArray(), 1e-12);
  }

  @Test
  void backwardAccumulatesIntoLeavesAcrossFanOut() {
    Tensor x = leaf(1, 2, 3);
    Tensor y = x.mul(x).add(x.mul(3)).sum(); // dy/dx = 2x + 3
    y.backward();
    assertValues(new double[] {5, 7, 9}, x.grad());
    assertTrue(x.isLeaf());
    assertFalse(y.isLeaf());
    assertEquals("sum", y.gradFn().name());
    x.mul(2).sum().backward(); // accumulates
    assertValues(new double[] {7, 9, 11}, x.grad());
  }

  @Test
  void retainGraphAllowsASecondBackward() {
    Tensor x = leaf(1, 2);
    Tensor y = x.exp().sum();
    y.backward(null, true, false);
    y.backward();
    assertValues(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad());
  }

  @Test
  void createGraphGivesSecondDerivatives() {
    Tensor x = leaf(0.5, 1.5);
    Tensor y = x.pow(3).sum();
    Tensor g = Autograd.grad(new Tensor[] {y}, new Tensor[] {x}, null, false, true, false)[0];
    assertValues(new double[] {3 * 0.25, 3 * 2.25}, g);
    assertTrue(g.requiresGrad());
    Tensor h = Autograd.grad(g.sum(), x)[0];
    assertValues(new double[] {6 * 0.5, 6 * 1.5}, h);
  }

  @Test
  void gradLeavesDotGradUntouchedAndAllowUnusedGivesNull() {
    Tensor x = leaf(1, 2);
    Tensor unused = leaf(3);
    Tensor y = x.sin().sum();
    Tensor[] g =
        Autograd.grad(new Tensor[] {y}, new Tensor[] {x, unused}, null, false, false, true);
    assertValues(new double[] {Math.cos(1), Math.cos(2)}, g[0]);
    assertNull(g[1]);
    assertNull(x.grad());
  }

  @Test
  void gradOfANonLeafInput() {
    Tensor x = leaf(1, 2);
    Tensor h = x.mul(2);
    Tensor y = h.square().sum();
    assertValues(new double[] {4, 8}, Autograd.grad(y, h)[0]);
  }

  @Test
  void explicitGradientForANonScalarOutput() {
    Tensor x = leaf(1, 2, 3);
    x.mul(x).backward(Tensor.of(new double[] {1, 0, 2}));
    assertValues(new double[] {2, 0, 12}, x.grad());
  }

  @Test
  void broadcastGradientsAreSummedToTheOperandShape() {
    Tensor a = Tensor.ones(2, 3).to(dev.kiln.tensor.DType.FLOAT64).requiresGrad_(true);
    Tensor b = leaf(1, 2, 3);
    a.mul(b).sum().backward();
    assertArrayEquals(new int[] {3}, b.grad().shape());
    assertValues(new double[] {2, 2, 2}, b.grad());
    assertValues(new double[] {1, 2, 3, 1, 2, 3}, a.grad());
  }

  @Test
  void detachCutsTheGraphAndSharesStorage() {
    Tensor x = leaf(1, 2);
    Tensor d = x.mul(2).detach();
    assertFalse(d.requiresGrad());
    assertNull(d.gradFn());
    Tensor y = x.mul(d).sum(); // d is a constant here
    y.backward();
    assertValues(new double[] {2, 4}, x.grad());
  }

  @Test
  void gradModes() {
    Tensor x = leaf(1, 2);
    try (var s = Autograd.noGrad()) {
      assertFalse(x.mul(2).requiresGrad());
      try (var e = Autograd.enableGrad()) {
        assertTrue(x.mul(2).requiresGrad());
      }
      assertFalse(GradMode.isEnabled());
    }
    try (var s = Autograd.inferenceMode()) {
      assertTrue(GradMode.isInferenceMode());
      assertFalse(x.exp().requiresGrad());
    }
    GradMode.setGradEnabled(false);
    try {
      assertFalse(x.exp().requiresGrad());
    } finally {
      GradMode.setGradEnabled(true);
    }
    assertTrue(x.exp().requiresGrad());
  }

  @Test
  void gradModeIsThreadLocal() throws InterruptedException {
    boolean[] seen = new boolean[1];
    try (var s = Autograd.noGrad()) {
      Thread t = new Thread(() -> seen[0] = GradMode.isEnabled());
      t.start();
      t.join();
    }
    assertTrue(seen[0]);
  }

  @Test
  void hooksRetainGradAndPostAccumulateHooks() {
    Tensor x = leaf(1, 2);
    List<String> calls = new ArrayList<>();
    x.registerHook(g -> g.mul(10));
    x.registerPostAccumulateGradHook(t -> calls.add("post " + t.grad().get(0)));
    Tensor h = x.mul(3);
    h.retainGrad();
    HookHandle handle = h.registerHook(g -> g.mul(2));
    h.sum().backward();
    assertValues(new double[] {2, 2}, h.grad()); // retainGrad sees the hooked gradient
    assertValues(new double[] {60, 60}, x.grad());
    assertEquals(List.of("post 60.0"), calls);
    handle.remove();
    x.setGrad(null);
    x.mul(3).sum().backward();
    assertValues(new double[] {30, 30}, x.grad());
  }

  @Test
  void inPlaceOnANonLeafRebasesItsHistory() {
    Tensor x = leaf(1, 2);
    Tensor y = x.mul(2);
    y.exp_();
    assertEquals("copy_", y.gradFn().name());
    y.sum().backward();
    assertValues(new double[] {2 * Math.exp(2), 2 * Math.exp(4)}, x.grad());
  }

  @Test
  void writingASliceOfAFreshTensorIsDifferentiable() {
    Tensor x = leaf(1, 2);
    Tensor out = Tensor.zeros(dev.kiln.tensor.DType.FLOAT64, 4);
    out.narrow(0, 1, 2).copy_(x.mul(x));
    assertTrue(out.requiresGrad());
    out.mul(Tensor.of(new double[] {1, 2, 3, 4})).sum().backward();
    assertValues(new double[] {2 * 1 * 2, 2 * 2 * 3}, x.grad());
  }

  @Test
  void viewsShareTheVersionCounter() {
    Tensor x = Tensor.zeros(2, 3);
    Tensor row = x.select(0, 1);
    int before = x.version();
    row.fill_(1);
    assertEquals(before + 1, x.version());
    assertEquals(x.version(), row.version());
    assertSame(x, row.viewBase());
  }
}
