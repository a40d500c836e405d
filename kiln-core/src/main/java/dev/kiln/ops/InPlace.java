package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;
import java.util.Arrays;

/**
 * The shared rules of in-place ops ({@code x.add_(y)}): shape, dtype and overlap checks, and
 * autograd's refusal to overwrite a leaf that requires grad. When {@link #writesDirectly} allows it
 * the op computes straight into the target (one pass, as SGD's update and ReLU's {@code relu_}
 * need); otherwise it computes a new tensor and {@link #assign}s it through {@code copy_}, which
 * bumps the version counter and records the write when autograd tracks the target.
 */
public final class InPlace {
  private InPlace() {}

  /**
   * Writes {@code result} into {@code target} after checking that it has the target's shape, that
   * its dtype can be cast to the target's, and that no two target elements share memory.
   */
  public static Tensor assign(String op, Tensor target, Tensor result) {
    if (!Arrays.equals(target.shape(), result.shape())) {
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

  /**
   * Whether an in-place op may compute straight into {@code target}, one pass with no temporary
   * result and no copy: nothing is recorded (grad mode is off, or neither the target, the base it
   * views nor an operand requires grad), the target is float32 or float64 with no two elements
   * sharing memory, and an operand shares the target's memory only as the very same view (an
   * elementwise kernel then reads each element before writing it). Otherwise the op computes a new
   * tensor and {@link #assign}s it, which also gives the error messages.
   */
  public static boolean writesDirectly(Tensor target, Tensor... operands) {
    if (!fitsDirectWrite(target)) {
      return false;
    }
    Tensor base = target.viewBase();
    boolean tracked = target.requiresGrad() || (base != null && base.requiresGrad());
    for (Tensor t : operands) {
      tracked |= t.requiresGrad();
      if (t.storage().array() == target.storage().array() && !sameView(t, target)) {
        return false;
      }
    }
    return !(tracked && GradMode.isEnabled());
  }

  /** Whether a kernel may write {@code target} in place: float32 or float64, no element aliased. */
  public static boolean fitsDirectWrite(Tensor target) {
    DType dt = target.dtype();
    return (dt == DType.FLOAT32 || dt == DType.FLOAT64) && !overlapsItself(target);
  }

  private static boolean sameView(Tensor a, Tensor b) {
    return a.storageOffset() == b.storageOffset()
        && Arrays.equals(a.shape(), b.shape())
        && Arrays.equals(a.strides(), b.strides());
  }

  private static boolean overlapsItself(Tensor t) {
    int[] shape = t.shape();
    int[] strides = t.strides();
    for (int d = 0; d < shape.length; d++) {
      if (strides[d] == 0 && shape[d] > 1) {
        return true;
      }
    }
    return false;
  }

  /** Fails when some element of {@code t} is reachable through two indices (expanded views). */
  public static void checkNoOverlap(String op, Tensor t) {
    if (overlapsItself(t)) {
      throw new IllegalArgumentException(
          op
              + "_: unsupported operation: more than one element of the written-to tensor refers"
              + " to a single memory location (shape "
              + Shapes.str(t.shape())
              + ", strides "
              + Shapes.str(t.strides())
              + "); clone() it first");
    }
  }
}
