package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Init.FanMode;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The initialisers Kiln's RNG makes differ from PyTorch's values: spreads and bounds are checked
 * statistically, with tolerances a wrong formula cannot meet; orthogonality and the deterministic
 * initialisers exactly.
 */
class InitTest {

  @Test
  void calculateGainFollowsPyTorchsTable() {
    assertEquals(1.0, Init.calculateGain("linear"));
    assertEquals(1.0, Init.calculateGain("conv_transpose2d"));
    assertEquals(1.0, Init.calculateGain("sigmoid"));
    assertEquals(5.0 / 3, Init.calculateGain("tanh"));
    assertEquals(Math.sqrt(2.0), Init.calculateGain("relu"));
    assertEquals(Math.sqrt(2.0 / (1 + 0.01 * 0.01)), Init.calculateGain("leaky_relu"));
    assertEquals(Math.sqrt(2.0 / (1 + 0.2 * 0.2)), Init.calculateGain("leaky_relu", 0.2));
    assertEquals(0.75, Init.calculateGain("selu"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish"));
    assertEquals("calculateGain: unsupported nonlinearity \"swish\"", e.getMessage());
  }

  @Test
  void kaimingFanOutUsesOutputsTimesKernel() {
    // [out 60, in 20, 5]: fan in 100, fan out 300; a 3x difference in variance.
    Tensor n =
        Init.kaimingNormal_(Tensor.empty(60, 20, 5), 0, FanMode.FAN_OUT, "relu", new Generator(1));
    assertEquals(Math.sqrt(2.0 / 300), n.std().item(), 0.02 * Math.sqrt(2.0 / 300));
    assertEquals(0.0, n.mean().item(), 0.003);
    Tensor u =
        Init.kaimingUniform_(Tensor.empty(60, 20, 5), 0, FanMode.FAN_OUT, "tanh", new Generator(2));
    double bound = Math.sqrt(3.0) * (5.0 / 3) / Math.sqrt(300);
    assertTrue(u.abs().max().item() <= bound);
    assertTrue(u.abs().max().item() > 0.99 * bound);
    assertEquals(bound / Math.sqrt(3.0), u.std().item(), 0.02 * bound / Math.sqrt(3.0));
    Tensor in =
        Init.kaimingNormal_(Tensor.empty(60, 20, 5), 0, FanMode.FAN_IN, "relu", new Generator(3));
    assertEquals(Math.sqrt(2.0 / 100), in.std().item(), 0.02 * Math.sqrt(2.0 / 100));
  }

  @Test
  void truncNormalStaysInItsBoundsWithTheTruncatedSpread() {
    Tensor t = Init.truncNormal_(Tensor.empty(40000), 1, 2, -1, 5, new Generator(4));
    assertTrue(t.min().item() >= -1 && t.max().item() <= 5);
    assertTrue(t.min().item() < -0.99 && t.max().item() > 4.99);
    // A normal(1, 2) truncated at one standard deviation below and two above its mean.
    double alpha = -1;
    double beta = 2;
    double z = cdf(beta) - cdf(alpha);
    double mean = 1 + 2 * (pdf(alpha) - pdf(beta)) / z;
    double variance =
        4
            * (1
                + (alpha * pdf(alpha) - beta * pdf(beta)) / z
                - Math.pow((pdf(alpha) - pdf(beta)) / z, 2));
    assertEquals(mean, t.mean().item(), 0.02);
    assertEquals(Math.sqrt(variance), t.std().item(), 0.02);
    assertThrows(
        IllegalArgumentException.class,
        () -> Init.truncNormal_(Tensor.empty(3), 0, 1, 2, -2, new Generator(0)));
  }

  private static double pdf(double x) {
    return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  private static double cdf(double x) {
    return (1 + Tensor.scalar(x / Math.sqrt(2), DType.FLOAT64).erf().item()) / 2;
  }

  @Test
  void orthogonalRowsOrColumnsAreOrthonormalTimesGain() {
    Tensor wide = Init.orthogonal_(Tensor.empty(20, 50), 1, new Generator(5));
    assertTrue(wide.matmul(wide.t()).allclose(Tensor.eye(20), 1e-5, 1e-5, false));
    Tensor tall = Init.orthogonal_(Tensor.empty(50, 20), 2, new Generator(5));
    assertTrue(tall.t().matmul(tall).allclose(Tensor.eye(20).mul(4.0), 1e-5, 1e-5, false));
    Tensor conv = Init.orthogonal_(Tensor.empty(8, 2, 3, 3), 1, new Generator(6));
    Tensor rows = conv.reshape(8, 18);
    assertTrue(rows.matmul(rows.t()).allclose(Tensor.eye(8), 1e-5, 1e-5, false));
    Tensor other = Init.orthogonal_(Tensor.empty(20, 50), 1, new Generator(7));
    assertFalse(other.allclose(wide));
    assertThrows(
        IllegalArgumentException.class,
        () -> Init.orthogonal_(Tensor.empty(4), 1, new Generator(0)));
  }

  @Test
  void deterministicInitialisers() {
    assertEquals(0.0, Init.zeros_(Tensor.ones(3, 2)).abs().sum().item());
    assertEquals(6.0, Init.ones_(Tensor.zeros(3, 2)).sum().item());
    assertTrue(Init.eye_(Tensor.ones(2, 3)).equal(Tensor.eye(2, 3)));
    assertThrows(IllegalArgumentException.class, () -> Init.eye_(Tensor.ones(2, 3, 1)));
    Tensor x = Tensor.randn(new Generator(8), 2, 4, 5, 6);
    for (int groups : new int[] {1, 2}) {
      Tensor w = Init.dirac_(Tensor.empty(4, 4 / groups, 3, 3), groups);
      Tensor y =
          Tensor.conv2d(x, w, null, ConvOptions.defaults().withPadding(1).withGroups(groups));
      assertTrue(y.allclose(x), "dirac_ with groups " + groups + " copies its input");
    }
    Tensor fewer = Init.dirac_(Tensor.empty(2, 3, 3), 1);
    assertEquals(2.0, fewer.sum().item());
    assertEquals(1.0, fewer.get(1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Init.dirac_(Tensor.empty(3, 3), 1));
  }

  @Test
  void initialisersRecordNoGradient() {
    Tensor w = Tensor.empty(4, 3).requiresGrad_(true);
    Init.orthogonal_(w, 1, new Generator(1));
    Init.truncNormal_(w, 0, 1, -2, 2, new Generator(1));
    Init.dirac_(Tensor.empty(2, 2, 3).requiresGrad_(true), 1);
    assertTrue(w.isLeaf());
  }
}
