package dev.kiln.nn;

import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;

/**
 * Power-average pooling over the last dimension, {@code (sum of x^p over each window)^(1/p)}, like
 * PyTorch's {@code nn.LPPool1d} (no padding; computed as a 2-d pool over a height of 1).
 */
public final class LPPool1d extends Module {
  private final double normType;
  private final int kernel;
  private final int stride;
  private final boolean ceilMode;

  /** Norm {@code p}, window {@code kernel}, stride equal to the window. */
  public LPPool1d(double normType, int kernel) {
    this(normType, kernel, kernel, false);
  }

  /** Norm {@code p}, window, stride and rounding of the output size. */
  public LPPool1d(double normType, int kernel, int stride, boolean ceilMode) {
    this.normType = normType;
    this.kernel = kernel;
    this.stride = stride;
    this.ceilMode = ceilMode;
  }

  @Override
  public Tensor forward(Tensor input) {
    PoolOptions o = PoolOptions.of(1, kernel).withStride(1, stride).withCeilMode(ceilMode);
    return Tensor.lpPool2d(input.unsqueeze(-2), normType, o).squeeze(-2);
  }

  @Override
  protected String extraRepr() {
    return "normType=" + normType + ", kernel=" + kernel + ", stride=" + stride;
  }
}
