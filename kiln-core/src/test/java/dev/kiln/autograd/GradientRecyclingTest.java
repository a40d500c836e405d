package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.BufferPool;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine hands the large gradients it consumed back to the {@link BufferPool}, and never one
 * that anything outside it can still read: each test keeps a gradient through one route, then takes
 * every pooled array of that size and scribbles on it, and checks the kept values.
 */
class GradientRecyclingTest {
  /** 256 x 256 = 2^16 elements: the smallest pooled size. */
  private static final int N = 256;

  @BeforeEach
  void emptyPool() {
    BufferPool.clear();
  }

  private static Tensor leaf() {
    return Tensor.arange(N * N).add(1).reshape(N, N).div(N * N).requiresGrad_(true);
  }

  /** Takes every pooled N x N array (and a few new ones) and overwrites it. */
  private static void scribble() {
    for (int i = 0; i < 8; i++) {
      Tensor.empty(N, N).fill_(1e9);
    }
  }

  private static void assertKept(Tensor kept, Supplier<Tensor> expected) {
    float[] before = kept.toFloatArray();
    scribble();
    assertArrayEquals(before, kept.toFloatArray());
    float[] want = expected.get().toFloatArray();
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], before[i], 1e-5f * Math.abs(want[i]), "element " + i);
    }
  }

  @Test
  void consumedGradientsGoBackToThePool() {
    Tensor x = leaf();
    x.mul(2).relu().mul(3).exp().sum().backward();
    assertTrue(BufferPool.heldBytes() >= 4L * N * N, "held " + BufferPool.heldBytes());
    long held = BufferPool.heldBytes();
    Tensor.empty(N, N);
    assertEquals(held - 4L * N * N, BufferPool.heldBytes());
    assertKept(x.grad(), () -> x.detach().mul(6).exp().mul(6));
  }

  @Test
  void retainedGradientIsNotRecycled() {
    Tensor x = leaf();
    Tensor a = x.mul(2);
    a.retainGrad();
    a.relu().mul(3).exp().sum().backward();
    assertKept(a.grad(), () -> x.detach().mul(6).exp().mul(3));
  }

  @Test
  void gradientSeenByAHookIsNotRecycled() {
    Tensor x = leaf();
    Tensor a = x.mul(2);
    List<Tensor> seen = new ArrayList<>();
    a.registerHook(
        g -> {
          seen.add(g);
          return null;
        });
    a.mul(3).exp().sum().backward();
    assertKept(seen.get(0), () -> x.detach().mul(6).exp().mul(3));
  }

  @Test
  void gradientKeptByACustomFunctionIsNotRecycled() {
    List<Tensor> seen = new ArrayList<>();
    CustomFunction keep =
        new CustomFunction() {
          @Override
          protected Tensor forward(Context ctx, Tensor... in) {
            return in[0].mul(1);
          }

          @Override
          protected Tensor[] backward(Context ctx, Tensor grad) {
            seen.add(grad);
            return new Tensor[] {grad};
          }
        };
    Tensor x = leaf();
    keep.apply(x.mul(2)).mul(3).exp().sum().backward();
    assertKept(seen.get(0), () -> x.detach().mul(6).exp().mul(3));
    assertKept(x.grad(), () -> x.detach().mul(6).exp().mul(6));
  }

  @Test
  void gradientSharedByTwoInputsIsRecycledOnlyAfterBoth() {
    Tensor x = leaf();
    Tensor y = leaf();
    Tensor a = x.mul(2);
    Tensor b = y.mul(5);
    // add's backward hands the same gradient to both branches
    a.add(b).exp().sum().backward();
    assertKept(x.grad(), () -> x.detach().mul(2).add(y.detach().mul(5)).exp().mul(2));
    assertKept(y.grad(), () -> x.detach().mul(2).add(y.detach().mul(5)).exp().mul(5));
  }

  @Test
  void gradOfAGraphWithCreateGraphStillDifferentiates() {
    Tensor x = leaf();
    Tensor g =
        Autograd.grad(new Tensor[] {x.pow(3).sum()}, new Tensor[] {x}, null, true, true, false)[0];
    Tensor h = Autograd.grad(g.sum(), x)[0];
    assertKept(g, () -> x.detach().pow(2).mul(3));
    assertKept(h, () -> x.detach().mul(6));
  }

  @Test
  void reluBackwardDoesNotOverwriteARetainedGradient() {
    Tensor x = leaf();
    Tensor a = x.mul(2).relu();
    a.retainGrad();
    a.mul(3).exp().sum().backward();
    assertKept(a.grad(), () -> x.detach().mul(6).exp().mul(3));
    assertKept(x.grad(), () -> x.detach().mul(6).exp().mul(6));
  }

  @Test
  void gradientsMeetingAtOneTensorAreSummed() {
    Tensor x = leaf();
    Tensor top = x.narrow(0, 0, N / 2).exp().sum();
    Tensor bottom = x.narrow(0, N / 2, N / 2).mul(3).sum();
    top.add(bottom).add(x.mul(x).sum()).backward();
    Tensor d = x.detach();
    Tensor want =
        Tensor.cat(0, d.narrow(0, 0, N / 2).exp(), Tensor.full(3.0, N / 2, N)).add(d.mul(2));
    assertKept(x.grad(), () -> want);
  }
}
