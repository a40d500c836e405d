package dev.kiln.nn;

import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;

/**
 * Average pooling over {@code [N, C, H, W]} or {@code [C, H, W]} windows, like PyTorch's {@code
 * nn.AvgPool2d}.
 */
public final class AvgPool2d extends Module {
  private final PoolOptions options;

  /** Square window {@code kernel}, stride equal to the window. */
  public AvgPool2d(int kernel) {
    this(PoolOptions.of(kernel));
  }

  /** Window, stride, padding and rounding from {@code options}. */
  public AvgPool2d(PoolOptions options) {
    this.options = options;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.avgPool2d(input, options);
  }
}
