package dev.kiln.ops;

/**
 * One op's declaration. Each family record ({@link UnaryOp}, {@link BinaryOp}, ...) holds the op's
 * name, its dtype rule, its meta function (output shape and dtype from input specs, no data) and
 * its forward in terms of one primitive kernel. A {@link CompositeOp} is built from other ops and
 * needs neither kernel nor derivative. {@link OpRegistry} lists every declaration.
 */
public sealed interface OpDef
    permits UnaryOp, BinaryOp, ReduceOp, CompositeOp, PrimitiveOp, ViewOp {
  /** The op's name, PyTorch's name in Java casing (e.g. {@code "logSoftmax"}). */
  String name();

  /**
   * Whether the op has a derivative: ops on floating inputs with floating results do; predicates,
   * index-producing ops, creation and random sampling do not, and their results never require grad.
   */
  boolean differentiable();
}
