package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;

/**
 * What meta functions compute: the shape and dtype of a tensor, without its data.
 *
 * @param shape the shape
 * @param dtype the element type
 */
public record TensorSpec(int[] shape, DType dtype) {
  /** The spec of an existing tensor. */
  public static TensorSpec of(Tensor t) {
    return new TensorSpec(t.shape(), t.dtype());
  }
}
