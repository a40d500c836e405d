package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Elementwise {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}, like PyTorch's {@code
 * nn.CELU} (computed as {@code alpha * elu(x / alpha)}).
 */
public final class CELU extends Module {
  private final double alpha;

  /** PyTorch's defaults: alpha 1.0. */
  public CELU() {
    this(1.0);
  }

  /** {@code alpha}: scale of the negative part (not 0). */
  public CELU(double alpha) {
    if (alpha == 0) {
      throw new IllegalArgumentException("CELU: alpha must not be 0");
    }
    this.alpha = alpha;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.div(alpha).elu(1.0).mul(alpha);
  }

  @Override
  protected String extraRepr() {
    return "alpha=" + alpha;
  }
}
