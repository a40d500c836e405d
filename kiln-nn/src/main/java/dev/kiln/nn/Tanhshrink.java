package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code x - tanh(x)}, like PyTorch's {@code nn.Tanhshrink}. */
public final class Tanhshrink extends Module {

  @Override
  public Tensor forward(Tensor input) {
    return input.sub(input.tanh());
  }
}
