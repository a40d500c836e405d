package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Maximum pooling of the last dimension to {@code outputSize}, like {@code nn.AdaptiveMaxPool1d}
 * (computed as a 2-d adaptive pool over a height of 1).
 */
public final class AdaptiveMaxPool1d extends Module {
  private final int outputSize;

  /** Pools {@code [N, C, L]} or {@code [C, L]} to {@code [..., outputSize]}. */
  public AdaptiveMaxPool1d(int outputSize) {
    this.outputSize = outputSize;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.adaptiveMaxPool2d(input.unsqueeze(-2), 1, outputSize).squeeze(-2);
  }

  @Override
  protected String extraRepr() {
    return "outputSize=" + outputSize;
  }
}
