package dev.kiln.tensor;

import dev.kiln.ops.ReduceOps;

/**
 * Reductions and scans of a {@link Tensor}: over all dims, one dim or several, with {@code keepdim}
 * as in PyTorch.
 */
public abstract sealed class TensorReductions extends TensorMath permits Tensor {
  private static final int[] ALL = {};

  TensorReductions(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  /** Sum of all elements (integers and bool sum to int64). */
  public final Tensor sum() {
    return ReduceOps.SUM.apply(self(), ALL, false);
  }

  /** Sum over the given dims. */
  public final Tensor sum(int[] dims, boolean keepdim) {
    return ReduceOps.SUM.apply(self(), dims, keepdim);
  }

  /** Sum over one dim. */
  public final Tensor sum(int dim) {
    return sum(new int[] {dim}, false);
  }
}
