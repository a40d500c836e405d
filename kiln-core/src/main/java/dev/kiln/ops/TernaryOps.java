package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Derivatives;
import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Node;
import dev.kiln.backend.Backends;
import dev.kiln.backend.TernaryKind;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;
import java.util.Arrays;
import java.util.List;

/**
 * The fused multiply-add family, one pass over three operands ({@link TernaryKind}): {@code
 * addcmul}, {@code addcdiv} (PyTorch's) and {@code addcmulRelu} ({@code relu(input + value * t1 *
 * t2)}, Kiln's: {@code relu(a * b + c)} reads each operand once and writes once, where the three
 * ops it replaces make three passes). Each has an {@code out=} form that writes a preallocated
 * tensor and allocates nothing. The op table checks them against PyTorch ({@code addcmulRelu}
 * against {@code relu(addcmul(...))}).
 */
public final class TernaryOps {
  private TernaryOps() {}

  public static final PrimitiveOp ADDCMUL = new PrimitiveOp("addcmul");
  public static final PrimitiveOp ADDCDIV = new PrimitiveOp("addcdiv");
  public static final PrimitiveOp ADDCMUL_RELU = new PrimitiveOp("addcmulRelu");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(ADDCMUL, ADDCDIV, ADDCMUL_RELU);

  /**
   * {@code input + value * t1 * t2}, all three broadcast together, dtype promoted over them.
   *
   * @throws IllegalArgumentException for shapes that do not broadcast, or a fractional {@code
   *     value} with an integral result
   */
  public static Tensor addcmul(Tensor input, Tensor t1, Tensor t2, double value) {
    return apply(ADDCMUL, TernaryKind.ADDCMUL, input, t1, t2, value, null);
  }

  /** {@code input + value * t1 / t2}; integer {@code t1} and {@code t2} are refused. */
  public static Tensor addcdiv(Tensor input, Tensor t1, Tensor t2, double value) {
    return apply(ADDCDIV, TernaryKind.ADDCDIV, input, t1, t2, value, null);
  }

  /** {@code relu(input + value * t1 * t2)} in one pass. */
  public static Tensor addcmulRelu(Tensor input, Tensor t1, Tensor t2, double value) {
    return apply(ADDCMUL_RELU, TernaryKind.ADDCMUL_RELU, input, t1, t2, value, null);
  }

  /**
   * {@code addcmul} into a preallocated {@code out} (PyTorch's {@code out=}), which must have the
   * broadcast shape and the promoted dtype; returns {@code out}. As in PyTorch, {@code out=} does
   * not support autograd.
   *
   * @throws IllegalArgumentException when {@code out} has another shape or dtype, is an expanded
   *     view, or requires grad
   */
  public static Tensor addcmul(Tensor input, Tensor t1, Tensor t2, double value, Tensor out) {
    return apply(ADDCMUL, TernaryKind.ADDCMUL, input, t1, t2, value, checkNonNull(out));
  }

  /**
   * {@code addcdiv} into a preallocated {@code out}; see {@link #addcmul(Tensor, Tensor, Tensor,
   * double, Tensor)}.
   */
  public static Tensor addcdiv(Tensor input, Tensor t1, Tensor t2, double value, Tensor out) {
    return apply(ADDCDIV, TernaryKind.ADDCDIV, input, t1, t2, value, checkNonNull(out));
  }

  /**
   * {@code addcmulRelu} into a preallocated {@code out}; see {@link #addcmul(Tensor, Tensor,
   * Tensor, double, Tensor)}.
   */
  public static Tensor addcmulRelu(Tensor input, Tensor t1, Tensor t2, double value, Tensor out) {
    return apply(ADDCMUL_RELU, TernaryKind.ADDCMUL_RELU, input, t1, t2, value, checkNonNull(out));
  }

  /**
   * Whether {@code input.addcmul_(t1, t2, value)} (or {@code addcdiv_}) may write straight into
   * {@code input} as the op's {@code out=} form: {@link InPlace#writesDirectly} allows it and the
   * result keeps the input's dtype and shape.
   */
  public static boolean writesInPlace(Tensor input, Tensor t1, Tensor t2) {
    return InPlace.writesDirectly(input, t1, t2)
        && TypePromotion.resultType(input, t1, t2) == input.dtype()
        && Arrays.equals(
            Shapes.broadcast("addcmul_", input.shape(), t1.shape(), t2.shape()), input.shape());
  }

  private static Tensor checkNonNull(Tensor out) {
    return java.util.Objects.requireNonNull(out, "out");
  }

  private static Tensor apply(
      PrimitiveOp op,
      TernaryKind kind,
      Tensor input,
      Tensor t1,
      Tensor t2,
      double value,
      Tensor out) {
    int[] shape = Shapes.broadcast(op.name(), input.shape(), t1.shape(), t2.shape());
    DType dtype = resultType(op, kind, input, t1, t2, value);
    Tensor result =
        out == null ? Tensor.empty(dtype, shape) : checkOut(op, out, shape, dtype, input, t1, t2);
    Backends.of(input.device())
        .ternary(kind, input.to(dtype), t1.to(dtype), t2.to(dtype), value, result);
    if (out != null) {
      out.bumpVersion();
      return out;
    }
    if (!Autograd.isRecording(input, t1, t2)) {
      return result;
    }
    return Autograd.record(op.name(), result, (n, g) -> grads(kind, n, g, value), input, t1, t2);
  }

  private static DType resultType(
      PrimitiveOp op, TernaryKind kind, Tensor input, Tensor t1, Tensor t2, double value) {
    DType dtype = TypePromotion.resultType(input, t1, t2);
    if (!kind.supportsIntegers()
        && !t1.dtype().isFloatingPoint()
        && !t2.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op.name()
              + ": integer division with addcdiv is not supported (tensor1 dtype "
              + t1.dtype()
              + ", tensor2 dtype "
              + t2.dtype()
              + "); use a floating-point tensor1 or tensor2");
    }
    if (!dtype.isFloatingPoint() && value != Math.rint(value)) {
      throw new IllegalArgumentException(
          op.name()
              + ": value must be an integer for integral inputs (dtype "
              + dtype
              + "), got "
              + value);
    }
    if (dtype == DType.BOOL) {
      throw new IllegalArgumentException(op.name() + ": not supported on bool tensors");
    }
    return dtype;
  }

  private static Tensor checkOut(
      PrimitiveOp op, Tensor out, int[] shape, DType dtype, Tensor... inputs) {
    if (!Arrays.equals(out.shape(), shape) || out.dtype() != dtype) {
      throw new IllegalArgumentException(
          op.name()
              + ": out has shape "
              + Shapes.str(out.shape())
              + " and dtype "
              + out.dtype()
              + ", expected shape "
              + Shapes.str(shape)
              + " and dtype "
              + dtype);
    }
    InPlace.checkNoOverlap(op.name(), out);
    if ((out.requiresGrad() && GradMode.isEnabled()) || Autograd.isRecording(inputs)) {
      throw new IllegalArgumentException(
          op.name()
              + ": out= arguments don't support automatic differentiation, but one of the"
              + " arguments requires grad; run it under Autograd.noGrad()");
    }
    return out;
  }

  /** Gradients of input, t1 and t2 from the output's gradient, with Tensor ops. */
  private static Tensor[] grads(TernaryKind kind, Node n, Tensor g, double value) {
    Tensor gs = g;
    if (kind == TernaryKind.ADDCMUL_RELU) {
      gs = UnaryOps.reluBackward(g, n.output());
    }
    Tensor t1 = n.needsGrad(1) || n.needsGrad(2) ? n.input(1) : null;
    Tensor t2 = n.needsGrad(1) || n.needsGrad(2) ? n.input(2) : null;
    Tensor gInput = n.needsGrad(0) ? gs : null;
    Tensor gT1 = null;
    Tensor gT2 = null;
    if (kind == TernaryKind.ADDCDIV) {
      if (n.needsGrad(1)) {
        gT1 = gs.mul(value).div(t2);
      }
      if (n.needsGrad(2)) {
        gT2 = gs.mul(-value).mul(t1).div(t2.mul(t2));
      }
    } else {
      if (n.needsGrad(1)) {
        gT1 = gs.mul(value).mul(t2);
      }
      if (n.needsGrad(2)) {
        gT2 = gs.mul(value).mul(t1);
      }
    }
    return new Tensor[] {sumTo(gInput, n, 0), sumTo(gT1, n, 1), sumTo(gT2, n, 2)};
  }

  private static Tensor sumTo(Tensor g, Node n, int i) {
    return g == null ? null : Derivatives.sumToShape(g, n.inputShape(i));
  }
}
