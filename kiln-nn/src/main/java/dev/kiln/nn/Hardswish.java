package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code x * relu6(x + 3) / 6}, like PyTorch's {@code nn.Hardswish}. */
public final class Hardswish extends Module {

  @Override
  public Tensor forward(Tensor input) {
    return input.hardswish();
  }
}
