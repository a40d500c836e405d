package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code x / (1 + |x|)}, like PyTorch's {@code nn.Softsign}. */
public final class Softsign extends Module {

  @Override
  public Tensor forward(Tensor input) {
    return input.div(input.abs().add(1.0));
  }
}
