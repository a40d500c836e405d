package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Average pooling to a fixed {@code [outH, outW]} output, like {@code nn.AdaptiveAvgPool2d}. */
public final class AdaptiveAvgPool2d extends Module {
  private final int[] outputSize;

  /** Output {@code [outH, outW]} (one size: square). */
  public AdaptiveAvgPool2d(int... outputSize) {
    this.outputSize = outputSize.clone();
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.adaptiveAvgPool2d(input, outputSize);
  }

  @Override
  protected String extraRepr() {
    return "outputSize=" + java.util.Arrays.toString(outputSize);
  }
}
