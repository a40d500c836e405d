package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.io.Npy;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Gradients and Hessian-vector products of composite losses agree with PyTorch's, from the fixtures
 * of {@code tools/fixtures/gen_autograd_fixtures.py}, whose case of the same name builds the same
 * loss (matrix products are written as broadcast multiply-and-sum here, convolution and pooling
 * through unfold).
 */
class AutogradFixturesTest {
  private static final double RTOL = 1e-9;
  private static final double ATOL = 1e-11;

  /** {@code a @ b} for matrices or batches of matrices. */
  static Tensor mm(Tensor a, Tensor b) {
    return a.unsqueeze(-1).mul(b.unsqueeze(-3)).sum(new int[] {-2}, false);
  }

  static Tensor mlp(Tensor[] in) {
    Tensor h = mm(in[0], in[1]).add(in[2]).tanh();
    return mm(h, in[3]).add(in[4]).sub(in[5]).square().mean();
  }

  /** conv2d (valid, stride 1) and max_pool2d(2) through unfold, then a linear layer. */
  static Tensor convPoolLinear(Tensor[] in) {
    Tensor x = in[0];
    Tensor w = in[1];
    int o = w.size(0);
    Tensor patches = x.unfold(2, 3, 1).unfold(3, 3, 1).unsqueeze(1); // [B,1,C,H,W,3,3]
    Tensor kernel = w.reshape(1, o, w.size(1), 1, 1, 3, 3);
    Tensor conv = patches.mul(kernel).sum(new int[] {2, 5, 6}, false);
    Tensor y = conv.add(in[2].reshape(1, o, 1, 1)).tanh();
    Tensor pooled = y.unfold(2, 2, 2).unfold(3, 2, 2).amax(new int[] {-1, -2}, false);
    return mm(pooled.flatten(1, -1), in[3]).add(in[4]).square().mean();
  }

  static Tensor attention(Tensor[] in) {
    Tensor q = in[0];
    Tensor scores = mm(q, in[1].transpose(-2, -1)).div(Math.sqrt(q.size(-1)));
    Tensor attn = scores.maskedFill(in[3].logicalNot(), Double.NEGATIVE_INFINITY).softmax(-1);
    return mm(attn, in[2]).square().sum();
  }

  static Tensor layerNorm(Tensor[] in) {
    Tensor x = in[0];
    Tensor mean = x.mean(-1, true);
    Tensor var = x.sub(mean).square().mean(-1, true);
    Tensor y = x.sub(mean).div(var.add(1e-5).sqrt()).mul(in[1]).add(in[2]);
    return y.mul(in[3]).sum();
  }

  static Tensor logsumexpLoss(Tensor[] in) {
    Tensor logits = in[0];
    Tensor picked = logits.gather(1, in[1].unsqueeze(1)).squeeze(1);
    return logits.logsumexp(1).sub(picked).mean();
  }

  private static final Map<String, Function<Tensor[], Tensor>> CASES =
      Map.of(
          "mlp", AutogradFixturesTest::mlp,
          "conv_pool_linear", AutogradFixturesTest::convPoolLinear,
          "attention", AutogradFixturesTest::attention,
          "layer_norm", AutogradFixturesTest::layerNorm,
          "logsumexp_loss", AutogradFixturesTest::logsumexpLoss);

  @TestFactory
  Stream<DynamicTest> gradientsAndSecondDerivativesMatchPyTorch() {
    return CASES.keySet().stream().sorted().map(n -> DynamicTest.dynamicTest(n, () -> check(n)));
  }

  private static void check(String name) throws IOException {
    String dir = "fixtures/autograd/" + name + "/";
    List<Tensor> inputs = new ArrayList<>();
    for (int i = 0; ; i++) {
      Tensor t = load(dir + "in" + i + ".npy");
      if (t == null) {
        break;
      }
      inputs.add(t.dtype().isFloatingPoint() ? t.requiresGrad_(true) : t);
    }
    Tensor[] in = inputs.toArray(new Tensor[0]);
    List<Tensor> floats = inputs.stream().filter(Tensor::requiresGrad).toList();
    Tensor loss = CASES.get(name).apply(in);
    assertClose(name + " loss", load(dir + "loss.npy"), loss);
    Tensor[] grads =
        Autograd.grad(new Tensor[] {loss}, floats.toArray(new Tensor[0]), null, false, true, false);
    Tensor dot = null;
    for (int i = 0, j = 0; i < in.length; i++) {
      if (!in[i].requiresGrad()) {
        continue;
      }
      assertClose(name + " grad" + i, load(dir + "grad" + i + ".npy"), grads[j]);
      Tensor term = grads[j++].mul(load(dir + "v" + i + ".npy")).sum();
      dot = dot == null ? term : dot.add(term);
    }
    Tensor[] hvps =
        Autograd.grad(new Tensor[] {dot}, floats.toArray(new Tensor[0]), null, false, false, true);
    for (int i = 0, j = 0; i < in.length; i++) {
      if (in[i].requiresGrad()) {
        Tensor hvp = hvps[j] != null ? hvps[j] : Tensor.zerosLike(in[i]);
        assertClose(name + " hvp" + i, load(dir + "hvp" + i + ".npy"), hvp);
        j++;
      }
    }
  }

  private static Tensor load(String name) throws IOException {
    try (InputStream s = AutogradFixturesTest.class.getClassLoader().getResourceAsStream(name)) {
      return s == null ? null : Npy.read(s.readAllBytes(), name);
    }
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], ATOL + RTOL * Math.abs(e[i]), what + " element " + i);
    }
  }
}
