package dev.kiln.ops;

import dev.kiln.autograd.ViewGrad;

/**
 * A zero-copy view op ({@code view}, {@code transpose}, {@code slice}, ...): its result shares
 * storage with its input, so writing through one is seen through the other. It runs no kernel; its
 * code is the {@code Tensor} method of the same name, which only computes a new shape, strides and
 * storage offset.
 *
 * @param name the op's name
 * @param derivative how the view's gradient maps back to its input's
 */
public record ViewOp(String name, ViewGrad derivative) implements OpDef {

  @Override
  public boolean differentiable() {
    return derivative != ViewGrad.NONE;
  }
}
