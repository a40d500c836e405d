package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Node;
import dev.kiln.backend.Backends;
import dev.kiln.backend.UnaryKind;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;

/**
 * An elementwise unary op backed by one {@link UnaryKind} kernel.
 *
 * @param name the op's name
 * @param kind the primitive kernel
 * @param rule how the result dtype follows from the input dtype
 * @param derivative the gradient of the input given the output's ({@link #ZERO_GRAD} for ops that
 *     are piecewise constant, whose gradient PyTorch defines as zero)
 */
public record UnaryOp(String name, UnaryKind kind, DTypeRule rule, Grad derivative)
    implements OpDef {
  /**
   * A unary op's derivative, written with Tensor ops: the input's gradient from the output's
   * gradient {@code g} and the kernel parameters; the formula reads the input and output it needs
   * through {@code n.input(0)} and {@code n.output()} (which fail if they were modified in place).
   */
  @FunctionalInterface
  public interface Grad {
    /** The gradient of the input. */
    Tensor apply(Tensor g, Node n, double p, double q);
  }

  /**
   * A {@link Grad} that reads the op's output and never its input: the in-place form can then write
   * straight into a tensor that autograd records ({@link #applyInPlace}).
   */
  @FunctionalInterface
  public interface OutputGrad extends Grad {}

  /** The derivative of floor, ceil, round, trunc and sign: zero, as in PyTorch. */
  public static final Grad ZERO_GRAD = (g, n, p, q) -> Tensor.zerosLike(g);

  /** Output shape and dtype for an input spec. */
  public TensorSpec meta(TensorSpec x) {
    DType out = rule.result(name, x.dtype());
    checkSupported(rule.computeType(name, x.dtype()));
    return new TensorSpec(x.shape(), out);
  }

  private void checkSupported(DType compute) {
    boolean ok = compute.isFloatingPoint() ? kind.supportsFloats() : kind.supportsIntegers();
    if (!ok) {
      throw new IllegalArgumentException(name + ": not implemented for dtype " + compute);
    }
  }

  /** Applies the op with no parameters. */
  public Tensor apply(Tensor x) {
    return apply(x, 0, 0);
  }

  /** Applies the op with kernel parameters {@code p} and {@code q}. */
  public Tensor apply(Tensor x, double p, double q) {
    TensorSpec spec = meta(TensorSpec.of(x));
    DType compute = rule.computeType(name, x.dtype());
    Tensor in = x.to(compute);
    Tensor out = Tensor.empty(compute, spec.shape());
    Backends.of(x.device()).unary(kind, in, out, p, q);
    Tensor result = out.to(spec.dtype());
    if (!Autograd.isRecording(x)) {
      return result;
    }
    return Autograd.record(name, result, (n, g) -> new Tensor[] {derivative.apply(g, n, p, q)}, x);
  }

  /** Applies the op in place: {@code x} receives the result, which must be castable to it. */
  public Tensor applyInPlace(Tensor x, double p, double q) {
    boolean keepsDType =
        meta(TensorSpec.of(x)).dtype() == x.dtype()
            && rule.computeType(name, x.dtype()) == x.dtype();
    if (keepsDType && InPlace.writesDirectly(x)) {
      // one pass straight into x (see InPlace.writesDirectly), no new tensor and no copy
      Backends.of(x.device()).unary(kind, x, x, p, q);
      x.bumpVersion();
      return x;
    }
    if (keepsDType
        && derivative instanceof OutputGrad
        && Autograd.isRecording(x)
        && x.gradFn() != null
        && x.viewBase() == null
        && InPlace.fitsDirectWrite(x)) {
      // the derivative reads only the output: write into x and record the op on its history (W3's
      // ReLUs after a convolution: 1.6 ms as clone + op + copy back, x in one pass now)
      Backends.of(x.device()).unary(kind, x, x, p, q);
      x.bumpVersion();
      return Autograd.recordInPlace(
          name, x, (n, g) -> new Tensor[] {derivative.apply(g, n, p, q)}, x);
    }
    // a recorded derivative reads the input as it was, so it gets a copy that stays unmodified
    Tensor in = Autograd.isRecording(x) ? x.clone() : x;
    return InPlace.assign(name, x, apply(in, p, q));
  }

  @Override
  public boolean differentiable() {
    return true;
  }
}
