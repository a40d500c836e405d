package dev.kiln.ops;

/**
 * An op defined by other ops (for example {@code sigmoid}, {@code softmax}, {@code var}). Its code
 * is a static method in its family file; gradients, every backend and graph mode come for free.
 *
 * @param name the op's name
 */
public record CompositeOp(String name) implements OpDef {}
