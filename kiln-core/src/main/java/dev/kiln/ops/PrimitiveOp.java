package dev.kiln.ops;

/**
 * An op whose forward calls one backend primitive directly with op-specific arguments ({@code
 * where}, {@code argmax}, {@code cumsum}, {@code matmul}). Its code is a static method in its
 * family file, next to this declaration.
 *
 * @param name the op's name
 * @param differentiable whether the op has a derivative (see {@link OpDef#differentiable()})
 */
public record PrimitiveOp(String name, boolean differentiable) implements OpDef {
  /** A differentiable op. */
  public PrimitiveOp(String name) {
    this(name, true);
  }
}
