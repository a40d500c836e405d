package dev.kiln.nn;

import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;

/**
 * Average pooling over the last dimension of {@code [N, C, L]} or {@code [C, L]} inputs, like
 * PyTorch's {@code nn.AvgPool1d}.
 */
public final class AvgPool1d extends Module {
  private final PoolOptions options;

  /** Window {@code kernel}, stride equal to the window. */
  public AvgPool1d(int kernel) {
    this(PoolOptions.of(kernel));
  }

  /** Window, stride, padding, rounding and {@code countIncludePad} from {@code options}. */
  public AvgPool1d(PoolOptions options) {
    this.options = options;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.avgPool1d(input, options);
  }
}
