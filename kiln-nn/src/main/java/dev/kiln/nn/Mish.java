package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code x * tanh(softplus(x))}, like PyTorch's {@code nn.Mish}. */
public final class Mish extends Module {

  @Override
  public Tensor forward(Tensor input) {
    return input.mish();
  }
}
