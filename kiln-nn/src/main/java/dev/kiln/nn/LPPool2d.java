package dev.kiln.nn;

import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;

/**
 * Power-average pooling over the last two dimensions, {@code (sum of x^p over each window)^(1/p)},
 * like PyTorch's {@code nn.LPPool2d} (no padding).
 */
public final class LPPool2d extends Module {
  private final double normType;
  private final PoolOptions options;

  /** Norm {@code p}, square window {@code kernel}, stride equal to the window. */
  public LPPool2d(double normType, int kernel) {
    this(normType, PoolOptions.of(kernel));
  }

  /** Norm {@code p}; window, stride and rounding from {@code options} (padding is ignored). */
  public LPPool2d(double normType, PoolOptions options) {
    this.normType = normType;
    this.options = options;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.lpPool2d(input, normType, options);
  }

  @Override
  protected String extraRepr() {
    return "normType=" + normType + ", kernel=" + java.util.Arrays.toString(options.kernel());
  }
}
