package dev.kiln.ops;

import dev.kiln.backend.Backends;
import dev.kiln.backend.BinaryKind;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;

/**
 * An elementwise binary op with broadcasting and PyTorch's type promotion, backed by one {@link
 * BinaryKind} kernel.
 *
 * @param name the op's name
 * @param kind the primitive kernel
 * @param rule how the result dtype follows from the promoted operand dtype
 */
public record BinaryOp(String name, BinaryKind kind, DTypeRule rule) implements OpDef {
  /** Output shape (broadcast) and dtype for two operands. */
  public TensorSpec meta(Tensor a, Tensor b) {
    int[] shape = Shapes.broadcast(name, a.shape(), b.shape());
    DType promoted = TypePromotion.resultType(a, b);
    DType compute = rule.computeType(name, promoted);
    boolean ok = compute.isFloatingPoint() ? kind.supportsFloats() : kind.supportsIntegers();
    if (!ok) {
      throw new IllegalArgumentException(
          name + ": not implemented for dtypes " + a.dtype() + " and " + b.dtype());
    }
    return new TensorSpec(shape, rule.result(name, promoted));
  }

  /**
   * Applies the op to two tensors.
   *
   * @throws ArithmeticException for integer division or modulo by zero
   */
  public Tensor apply(Tensor a, Tensor b) {
    TensorSpec spec = meta(a, b);
    DType compute = rule.computeType(name, TypePromotion.resultType(a, b));
    Tensor out = Tensor.empty(spec.dtype(), spec.shape());
    try {
      Backends.of(a.device()).binary(kind, a.to(compute), b.to(compute), out);
    } catch (ArithmeticException e) {
      throw new ArithmeticException(name + ": " + e.getMessage() + " on " + compute + " tensors");
    }
    return out;
  }

  /** Applies the op in place on {@code a}, whose shape must be the broadcast shape. */
  public Tensor applyInPlace(Tensor a, Tensor b) {
    return InPlace.assign(name, a, apply(a, b));
  }
}
