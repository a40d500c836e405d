package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code min(max(x, 0), 6)}, like PyTorch's {@code nn.ReLU6}. */
public final class ReLU6 extends Module {

  @Override
  public Tensor forward(Tensor input) {
    return input.relu6();
  }
}
