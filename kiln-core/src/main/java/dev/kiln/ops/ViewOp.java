package dev.kiln.ops;

/**
 * A zero-copy view op ({@code view}, {@code transpose}, {@code slice}, ...): its result shares
 * storage with its input, so writing through one is seen through the other. It runs no kernel; its
 * code is the {@code Tensor} method of the same name, which only computes a new shape, strides and
 * storage offset.
 *
 * @param name the op's name
 */
public record ViewOp(String name) implements OpDef {}
