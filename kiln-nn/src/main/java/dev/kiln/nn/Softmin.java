package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Softmin along one dimension, {@code softmax(-x)}, like PyTorch's {@code nn.Softmin}. */
public final class Softmin extends Module {
  private final int dim;

  /** {@code dim}: the dimension normalised. */
  public Softmin(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.neg().softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
