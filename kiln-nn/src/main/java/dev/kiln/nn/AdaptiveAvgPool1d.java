package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Average pooling of the last dimension to {@code outputSize}, like {@code nn.AdaptiveAvgPool1d}.
 */
public final class AdaptiveAvgPool1d extends Module {
  private final int outputSize;

  /** Pools {@code [N, C, L]} or {@code [C, L]} to {@code [..., outputSize]}. */
  public AdaptiveAvgPool1d(int outputSize) {
    this.outputSize = outputSize;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.adaptiveAvgPool1d(input, outputSize);
  }

  @Override
  protected String extraRepr() {
    return "outputSize=" + outputSize;
  }
}
