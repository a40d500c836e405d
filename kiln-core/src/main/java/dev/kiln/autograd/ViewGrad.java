package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;

/**
 * The derivative of a view op, declared with each {@code ViewOp}: how a view's gradient maps back
 * to the gradient of the tensor it was taken from.
 */
public enum ViewGrad {
  /** Same elements in the same order (view, unflatten, squeeze, unsqueeze): reshape back. */
  RESHAPE,
  /** Broadcast (expand): sum back to the source's shape. */
  EXPAND,
  /** Dims reordered (transpose, permute): permuted back. */
  PERMUTE,
  /**
   * Any strided view (transpose, narrow, select, diagonal, unfold, asStrided, ...): scatter-add
   * into zeros of the source's shape at the positions the view reads.
   */
  STRIDED,
  /** No gradient flows (detach). */
  NONE;

  /**
   * Records {@code view}, taken from {@code source} by op {@code name}, in the graph.
   *
   * @param dims for {@link #PERMUTE}: view dim i is source dim {@code dims[i]} (else unused)
   */
  public Tensor record(String name, Tensor source, Tensor view, int[] dims) {
    return switch (this) {
      case NONE -> view;
      case RESHAPE -> Autograd.record(name, view, ViewGrad::reshapeBack, source);
      case EXPAND -> Autograd.record(name, view, ViewGrad::sumBack, source);
      case PERMUTE -> Autograd.record(name, view, permuteBack(dims), source);
      case STRIDED ->
          Autograd.record(name, view, ViewGeometry.of(source, view)::scatterBack, source);
    };
  }

  private static Derivative permuteBack(int[] dims) {
    int[] inverse = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      inverse[dims[i]] = i;
    }
    return (n, g) -> new Tensor[] {g.permute(inverse)};
  }

  private static Tensor[] reshapeBack(Node n, Tensor g) {
    return new Tensor[] {g.reshape(n.inputShape(0))};
  }

  private static Tensor[] sumBack(Node n, Tensor g) {
    return new Tensor[] {Derivatives.sumToShape(g, n.inputShape(0))};
  }
}
