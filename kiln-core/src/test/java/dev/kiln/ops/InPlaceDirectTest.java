package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * In-place ops that write straight into their target ({@link InPlace#writesDirectly}): the same
 * bits as the out-of-place op, on contiguous, transposed and broadcast operands in float32 and
 * float64; the version counter still moves; aliased operands that are not the very same view, and
 * anything autograd must see, take the general path.
 */
class InPlaceDirectTest {
  private static Tensor sample(DType dtype, long seed, int... shape) {
    return Tensor.randn(new Generator(seed), dtype, shape);
  }

  private static void sameAsOutOfPlace(
      String what,
      BiFunction<Tensor, Tensor, Tensor> inPlace,
      BiFunction<Tensor, Tensor, Tensor> op) {
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor a = sample(dtype, 1, 37, 19);
      for (Tensor b :
          new Tensor[] {
            sample(dtype, 2, 37, 19), sample(dtype, 3, 19, 37).t(), sample(dtype, 4, 19)
          }) {
        Tensor want = op.apply(a, b);
        for (Tensor target : new Tensor[] {a.clone(), a.t().contiguous().t()}) {
          int version = target.version();
          Tensor r = inPlace.apply(target, b);
          assertSame(target, r, what);
          assertTrue(target.version() > version, what + ": version counter");
          assertArrayEquals(want.toDoubleArray(), target.toDoubleArray(), 0, what + " " + dtype);
        }
      }
    }
  }

  @Test
  void directWritesGiveTheOutOfPlaceBits() {
    sameAsOutOfPlace("add_", Tensor::add_, Tensor::add);
    sameAsOutOfPlace("mul_", Tensor::mul_, Tensor::mul);
    sameAsOutOfPlace("div_", Tensor::div_, Tensor::div);
    sameAsOutOfPlace("add_ alpha", (a, b) -> a.add_(b, -0.37), (a, b) -> a.add(b, -0.37));
    sameAsOutOfPlace("sub_ alpha", (a, b) -> a.sub_(b, 2.5), (a, b) -> a.sub(b, 2.5));
    sameAsOutOfPlace("relu_", (a, b) -> a.relu_(), (a, b) -> a.relu());
    sameAsOutOfPlace(
        "addcmul_", (a, b) -> a.addcmul_(b, b.exp(), 0.5), (a, b) -> a.addcmul(b, b.exp(), 0.5));
    sameAsOutOfPlace(
        "addcdiv_", (a, b) -> a.addcdiv_(b, b.exp(), -3), (a, b) -> a.addcdiv(b, b.exp(), -3));
  }

  @Test
  void anOperandThatIsTheTargetItselfIsRead() {
    Tensor x = Tensor.of(1f, -2f, 3f);
    x.add_(x, 0.5);
    assertArrayEquals(new float[] {1.5f, -3f, 4.5f}, x.toFloatArray());
    x.mul_(x);
    assertArrayEquals(new float[] {2.25f, 9f, 20.25f}, x.toFloatArray());
  }

  @Test
  void overlappingShiftedViewsReadTheOldValues() {
    Tensor base = Tensor.arange(6.0);
    base.slice(0, 1, 6).add_(base.slice(0, 0, 5), 10);
    assertArrayEquals(new double[] {0, 1, 12, 23, 34, 45}, base.toDoubleArray());
    Tensor rows = Tensor.arange(6.0).reshape(2, 3);
    rows.select(0, 1).mul_(rows.select(0, 0));
    assertArrayEquals(new double[] {0, 1, 2, 0, 4, 10}, rows.toDoubleArray());
  }

  @Test
  void aSavedTensorWrittenDirectlyStillFailsBackward() {
    Tensor x = Tensor.of(0.5f, 1f).requiresGrad_(true);
    Tensor y = x.exp(); // exp's backward reads its output
    try (var g = Autograd.noGrad()) {
      y.mul_(2);
    }
    RuntimeException e = assertThrows(RuntimeException.class, () -> y.sum().backward());
    assertTrue(
        e.getMessage().contains("in-place") || e.getMessage().contains("inplace"), e.getMessage());
  }

  @Test
  void aLeafThatRequiresGradIsRefusedUnderGradModeAndUpdatedUnderNoGrad() {
    Tensor w = Tensor.of(1f, 2f).requiresGrad_(true);
    Tensor d = Tensor.of(10f, 20f);
    assertThrows(IllegalStateException.class, () -> w.add_(d, -0.1));
    assertArrayEquals(new float[] {1, 2}, w.toFloatArray(), "refused op must not write");
    try (var g = Autograd.noGrad()) {
      w.add_(d, -0.1);
    }
    assertArrayEquals(new float[] {0f, 0f}, w.toFloatArray());
    assertTrue(w.requiresGrad());
    assertFalse(w.gradFn() != null);
  }

  @Test
  void recordedInPlaceOpsStillDifferentiate() {
    Tensor x = Tensor.of(1.0, -2.0, 3.0).requiresGrad_(true);
    Tensor y = x.mul(2);
    y.add_(x, 3); // y = 2x + 3x
    y.relu_();
    y.sum().backward();
    assertArrayEquals(new double[] {5, 0, 5}, x.grad().toDoubleArray());
    assertEquals(DType.FLOAT64, x.grad().dtype());
  }
}
