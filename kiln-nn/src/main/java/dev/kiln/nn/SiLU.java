package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code x * sigmoid(x)}. */
public final class SiLU extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.silu();
  }
}
