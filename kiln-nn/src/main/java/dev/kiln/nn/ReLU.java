package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code max(x, 0)}. */
public final class ReLU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.relu();
  }
}
