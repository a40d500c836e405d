package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code relu6(x + 3) / 6}, like PyTorch's {@code nn.Hardsigmoid}. */
public final class Hardsigmoid extends Module {

  @Override
  public Tensor forward(Tensor input) {
    return input.hardsigmoid();
  }
}
