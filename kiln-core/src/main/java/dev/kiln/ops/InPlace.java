package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;

/**
 * The shared rules of in-place ops ({@code x.add_(y)}): shape, dtype and overlap checks, and
 * autograd's refusal to overwrite a leaf that requires grad. The write goes through {@code copy_},
 * which bumps the version counter and records the write when autograd tracks the target.
 */
public final class InPlace {
  private InPlace() {}

  /**
   * Writes {@code result} into {@code target} after checking that it has the target's shape, that
   * its dtype can be cast to the target's, and that no two target elements share memory.
   */
  public static Tensor assign(String op, Tensor target, Tensor result) {
    if (!java.util.Arrays.equals(target.shape(), result.shape())) {
      throw new IllegalArgumentException(
          op
              + "_: output with shape "
              + Shapes.str(target.shape())
              + " doesn't match the broadcast shape "
              + Shapes.str(result.shape()));
    }
    if (!TypePromotion.canCast(result.dtype(), target.dtype())) {
      throw new IllegalArgumentException(
          op
              + "_: result type "
              + result.dtype()
              + " can't be cast to the desired output type "
              + target.dtype());
    }
    checkNoOverlap(op, target);
    Tensor base = target.viewBase();
    if (target.requiresGrad() || (base != null && base.requiresGrad())) {
      Autograd.checkInPlace(op + "_", target);
    }
    return target.copy_(result);
  }

  /** Fails when some element of {@code t} is reachable through two indices (expanded views). */
  public static void checkNoOverlap(String op, Tensor t) {
    int[] shape = t.shape();
    int[] strides = t.strides();
    for (int d = 0; d < shape.length; d++) {
      if (strides[d] == 0 && shape[d] > 1) {
        throw new IllegalArgumentException(
            op
                + "_: unsupported operation: more than one element of the written-to tensor refers"
                + " to a single memory location (shape "
                + Shapes.str(shape)
                + ", strides "
                + Shapes.str(strides)
                + "); clone() it first");
      }
    }
  }
}
