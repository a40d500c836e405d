package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Elementwise {@code x} where {@code x > threshold}, {@code value} elsewhere, like PyTorch's {@code
 * nn.Threshold}.
 */
public final class Threshold extends Module {
  private final double threshold;
  private final double value;

  /** {@code threshold}: inputs above it pass; {@code value}: what replaces the others. */
  public Threshold(double threshold, double value) {
    this.threshold = threshold;
    this.value = value;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.where(input.gt(threshold), input, Tensor.fullLike(input, value));
  }

  @Override
  protected String extraRepr() {
    return "threshold=" + threshold + ", value=" + value;
  }
}
