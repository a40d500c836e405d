package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Custom functions, anomaly mode and the gradient tape. */
class AutogradExtensionsTest {
  /** x^3 with a hand-written backward. */
  static final class Cube extends CustomFunction {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      ctx.saveForBackward(in[0]);
      return in[0].pow(3);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      Tensor x = ctx.savedTensors()[0];
      return new Tensor[] {grad.mul(x.square()).mul(3)};
    }
  }

  /** A backward that forgets an input. */
  static final class Broken extends CustomFunction {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      return in[0].add(in[1]);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      return new Tensor[] {grad};
    }
  }

  /** A backward that divides zero by zero. */
  static final class NanBackward extends CustomFunction {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      return in[0].mul(0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor grad) {
      return new Tensor[] {grad.mul(0).div(0)};
    }
  }

  @Test
  void customFunctionPassesGradcheck() {
    Tensor x = Tensor.of(new double[] {0.5, -1, 2}).requiresGrad_(true);
    GradCheck.gradcheck(in -> new Tensor[] {new Cube().apply(in[0])}, new Tensor[] {x});
    Tensor y = new Cube().apply(x);
    assertTrue(y.requiresGrad());
    y.sum().backward();
    assertArrayEquals(new double[] {0.75, 3, 12}, x.grad().toDoubleArray(), 1e-12);
  }

  @Test
  void customFunctionErrors() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
    Tensor h = x.mul(1);
    Tensor y = new Cube().apply(h).sum();
    h.add_(1);
    assertTrue(
        assertThrows(IllegalStateException.class, y::backward)
            .getMessage()
            .contains("saved tensor 0 of Cube"));
    Tensor z = new Broken().apply(x, x).sum();
    assertTrue(
        assertThrows(IllegalStateException.class, z::backward)
            .getMessage()
            .contains("Broken.backward returned an incorrect number of gradients"));
  }

  @Test
  void anomalyModeNamesTheOpAndKeepsTheForwardTrace() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
    try (var anomaly = AnomalyMode.detectAnomaly()) {
      Tensor y = new NanBackward().apply(x).sum();
      IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
      assertTrue(
          e.getMessage().contains("backward of NanBackward returned nan values"), e.getMessage());
      assertTrue(
          Arrays.stream(e.getSuppressed()).anyMatch(s -> s.getMessage().contains("forward call")));
    }
    assertFalse(AnomalyMode.isEnabled());
    new NanBackward().apply(x).sum().backward(); // without anomaly mode NaN passes through
    assertTrue(Double.isNaN(x.grad().get(0)));
  }

  @Test
  void gradientTape() {
    Tensor x = Tensor.of(new double[] {1, 2});
    Tensor unused = Tensor.of(new double[] {3});
    GradientTape tape = new GradientTape(false);
    Tensor y;
    try (tape) {
      tape.watch(x);
      tape.watch(unused);
      y = x.mul(x).sum();
    }
    Tensor[] g = tape.gradient(y, x, unused);
    assertArrayEquals(new double[] {2, 4}, g[0].toDoubleArray(), 1e-12);
    assertNull(g[1]);
    assertFalse(x.requiresGrad()); // a non-persistent tape stops watching after its gradient
    assertNull(x.grad());
    assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
  }

  @Test
  void persistentTapeGivesSeveralGradients() {
    Tensor x = Tensor.of(new double[] {3});
    Tensor a;
    Tensor b;
    try (GradientTape tape = new GradientTape(true)) {
      tape.watch(x);
      a = x.square();
      b = x.pow(3);
      assertArrayEquals(new double[] {6}, tape.gradient(a, x)[0].toDoubleArray(), 1e-12);
      assertArrayEquals(new double[] {27}, tape.gradient(b, x)[0].toDoubleArray(), 1e-12);
      tape.reset();
    }
    assertFalse(x.requiresGrad());
  }
}
