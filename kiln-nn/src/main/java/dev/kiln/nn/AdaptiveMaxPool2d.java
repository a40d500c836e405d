package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

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

  /**
   * The pooled values and the index {@code h * W + w} of each maximum in its input plane (PyTorch's
   * {@code return_indices=True}).
   */
  public ValuesIndices forwardWithIndices(Tensor input) {
    return Tensor.adaptiveMaxPool2dWithIndices(input, outputSize);
  }

  @Override
  protected String extraRepr() {
    return "outputSize=" + java.util.Arrays.toString(outputSize);
  }
}
