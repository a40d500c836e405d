package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Elementwise {@code scale * elu(x, alpha)} with PyTorch's constants {@code alpha =
 * 1.6732632423543772}, {@code scale = 1.0507009873554805}, like {@code nn.SELU}.
 */
public final class SELU extends Module {

  @Override
  public Tensor forward(Tensor input) {
    return input.selu();
  }
}
