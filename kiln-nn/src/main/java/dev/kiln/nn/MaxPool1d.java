package dev.kiln.nn;

import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;

/**
 * Maximum pooling over the last dimension of {@code [N, C, L]} or {@code [C, L]} inputs, like
 * PyTorch's {@code nn.MaxPool1d}.
 */
public final class MaxPool1d extends Module {
  private final PoolOptions options;

  /** Window {@code kernel}, stride equal to the window. */
  public MaxPool1d(int kernel) {
    this(PoolOptions.of(kernel));
  }

  /** Window, stride, padding, dilation and rounding from {@code options}. */
  public MaxPool1d(PoolOptions options) {
    this.options = options;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.maxPool1d(input, options);
  }
}
