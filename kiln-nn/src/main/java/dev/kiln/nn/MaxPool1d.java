package dev.kiln.nn;

import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

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

  /**
   * The pooled values and the index of each maximum along the last dim (PyTorch's {@code
   * return_indices=True}), as {@link MaxUnpool1d} takes them.
   */
  public ValuesIndices forwardWithIndices(Tensor input) {
    return Tensor.maxPool1dWithIndices(input, options);
  }
}
