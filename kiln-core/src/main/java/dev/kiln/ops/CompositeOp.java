package dev.kiln.ops;

/**
 * An op defined by other ops (for example {@code sigmoid}, {@code softmax}, {@code var}). Its code
 * is a static method in its family file; gradients, every backend and graph mode come for free.
 *
 * @param name the op's name
 * @param differentiable whether the op has a derivative (see {@link OpDef#differentiable()})
 */
public record CompositeOp(String name, boolean differentiable) implements OpDef {
  /** A differentiable op. */
  public CompositeOp(String name) {
    this(name, true);
  }
}
