package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Kiln;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequential's in-place ReLU after a convolution: same values and gradients, never observable. */
class SequentialReluInPlaceTest {
  private static Conv2d conv() {
    Kiln.manualSeed(7);
    return new Conv2d(3, 4, 3, ConvOptions.defaults().withPadding(1));
  }

  private static Tensor input() {
    Kiln.manualSeed(8);
    return Tensor.randn(2, 3, 5, 5).requiresGrad_(true);
  }

  @Test
  void givesTheValuesAndGradientsOfTheLayersRunOneByOne() {
    Conv2d c1 = conv();
    Tensor x1 = input();
    Tensor y1 = new Sequential(c1, new ReLU()).call(x1);
    y1.mul(y1).sum().backward();

    Conv2d c2 = conv();
    Tensor x2 = input();
    Tensor y2 = new ReLU().call(c2.call(x2));
    y2.mul(y2).sum().backward();

    assertArrayEquals(y2.toFloatArray(), y1.toFloatArray());
    assertArrayEquals(x2.grad().toFloatArray(), x1.grad().toFloatArray());
    assertArrayEquals(
        c2.parameter("weight").grad().toFloatArray(), c1.parameter("weight").grad().toFloatArray());
    assertArrayEquals(
        c2.parameter("bias").grad().toFloatArray(), c1.parameter("bias").grad().toFloatArray());
  }

  @Test
  void runsInPlaceOnTheConvolutionsOutput() {
    Tensor y = new Sequential(conv(), new ReLU()).call(input());
    assertEquals(1, y.version(), "relu_ wrote over the convolution's output");
    assertEquals(0, new Sequential(conv(), new Tanh(), new ReLU()).call(input()).version());
  }

  @Test
  void aHookOnTheConvolutionStillSeesItsOwnOutput() {
    Conv2d c = conv();
    List<Tensor> seen = new ArrayList<>();
    c.registerForwardHook(
        (m, in, out) -> {
          seen.add(out);
          return null;
        });
    Tensor y = new Sequential(c, new ReLU()).call(input());
    assertNotSame(seen.get(0), y);
    assertEquals(0, y.version());
    assertTrue(seen.get(0).min().item() < 0, "the convolution's output kept its negative values");
  }
}
