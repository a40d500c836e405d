package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Maximum pooling to a fixed {@code [outH, outW]} output, like {@code nn.AdaptiveMaxPool2d}. */
public final class AdaptiveMaxPool2d extends Module {
  private final int[] outputSize;

  /** Output {@code [outH, outW]} (one size: square). */
  public AdaptiveMaxPool2d(int... outputSize) {
    this.outputSize = outputSize.clone();
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.adaptiveMaxPool2d(input, outputSize);
  }

  @Override
  protected String extraRepr() {
    return "outputSize=" + java.util.Arrays.toString(outputSize);
  }
}
