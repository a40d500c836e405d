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
  /**
   * Any strided view (transpose, narrow, select, diagonal, unfold, asStrided, ...): scatter-add
   * into zeros of the source's shape at the positions the view reads.
   */
  STRIDED,
  /** No gradient flows (detach). */
  NONE;

  /** Records {@code view}, taken from {@code source} by op {@code name}, in the graph. */
  public Tensor record(String name, Tensor source, Tensor view) {
    return switch (this) {
      case NONE -> view;
      case RESHAPE -> Autograd.record(name, view, ViewGrad::reshapeBack, source);
      case EXPAND -> Autograd.record(name, view, ViewGrad::sumBack, source);
      case STRIDED ->
          Autograd.record(name, view, ViewGeometry.of(source, view)::scatterBack, source);
    };
  }

  private static Tensor[] reshapeBack(Node n, Tensor g) {
    return new Tensor[] {g.reshape(n.inputShape(0))};
  }

  private static Tensor[] sumBack(Node n, Tensor g) {
    return new Tensor[] {Derivatives.sumToShape(g, n.inputShape(0))};
  }
}
