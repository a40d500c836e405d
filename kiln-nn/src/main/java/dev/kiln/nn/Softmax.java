package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Softmax along one dimension. */
public final class Softmax extends Module {
  private final int dim;

  /** Normalises along {@code dim}. */
  public Softmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
