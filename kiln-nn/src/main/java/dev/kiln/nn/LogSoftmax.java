package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Log of the softmax along one dimension, computed stably. */
public final class LogSoftmax extends Module {
  private final int dim;

  /** Normalises along {@code dim}. */
  public LogSoftmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.logSoftmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
