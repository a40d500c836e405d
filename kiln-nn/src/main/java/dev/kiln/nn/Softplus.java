package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Elementwise {@code log(1 + exp(beta * x)) / beta}, and {@code x} where {@code beta * x >
 * threshold}, like PyTorch's {@code nn.Softplus}.
 */
public final class Softplus extends Module {
  private final double beta;
  private final double threshold;

  /** PyTorch's defaults: beta 1.0, threshold 20.0. */
  public Softplus() {
    this(1.0, 20.0);
  }

  /**
   * {@code beta}: sharpness; {@code threshold}: above this {@code beta * x} the layer is linear.
   */
  public Softplus(double beta, double threshold) {
    this.beta = beta;
    this.threshold = threshold;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.softplus(beta, threshold);
  }

  @Override
  protected String extraRepr() {
    return "beta=" + beta + ", threshold=" + threshold;
  }
}
