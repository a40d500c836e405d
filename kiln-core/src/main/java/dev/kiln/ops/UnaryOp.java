package dev.kiln.ops;

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
 */
public record UnaryOp(String name, UnaryKind kind, DTypeRule rule) implements OpDef {
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
    return out.to(spec.dtype());
  }

  /** Applies the op in place: {@code x} receives the result, which must be castable to it. */
  public Tensor applyInPlace(Tensor x, double p, double q) {
    return InPlace.assign(name, x, apply(x, p, q));
  }
}
