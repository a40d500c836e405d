package dev.kiln.nn;

import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

/**
 * Maximum pooling over {@code [N, C, H, W]} or {@code [C, H, W]} windows, like PyTorch's {@code
 * nn.MaxPool2d}.
 */
public final class MaxPool2d extends Module {
  private final PoolOptions options;

  /** Square window {@code kernel}, stride equal to the window. */
  public MaxPool2d(int kernel) {
    this(PoolOptions.of(kernel));
  }

  /** Window, stride, padding and rounding from {@code options}. */
  public MaxPool2d(PoolOptions options) {
    this.options = options;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.maxPool2d(input, options);
  }

  /**
   * The pooled values and the index {@code h * W + w} of each maximum in its input plane (PyTorch's
   * {@code return_indices=True}), as {@link MaxUnpool2d} takes them.
   */
  public ValuesIndices forwardWithIndices(Tensor input) {
    return Tensor.maxPool2dWithIndices(input, options);
  }
}
