package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise hyperbolic tangent. */
public final class Tanh extends Module {
  @Override
  public Tensor forward(Tensor input) {
    return input.tanh();
  }
}
