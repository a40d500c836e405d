package dev.kiln.ops;

/**
 * An op whose forward calls one backend primitive directly with op-specific arguments ({@code
 * where}, {@code argmax}, {@code cumsum}, {@code matmul}). Its code is a static method in its
 * family file, next to this declaration.
 *
 * @param name the op's name
 */
public record PrimitiveOp(String name) implements OpDef {}
