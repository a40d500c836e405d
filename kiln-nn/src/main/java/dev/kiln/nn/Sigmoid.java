package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise logistic sigmoid {@code 1 / (1 + exp(-x))}. */
public final class Sigmoid extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.sigmoid();
  }
}
