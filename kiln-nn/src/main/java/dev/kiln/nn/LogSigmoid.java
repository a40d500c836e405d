package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Elementwise {@code log(sigmoid(x))}, computed stably as {@code -softplus(-x)}, like PyTorch's
 * {@code nn.LogSigmoid}.
 */
public final class LogSigmoid extends Module {

  @Override
  public Tensor forward(Tensor input) {
    return input.neg().softplus().neg();
  }
}
