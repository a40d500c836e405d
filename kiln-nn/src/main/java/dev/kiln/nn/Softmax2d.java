package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Softmax over the channels of {@code [N, C, H, W]} or {@code [C, H, W]} input at every position,
 * like PyTorch's {@code nn.Softmax2d}.
 */
public final class Softmax2d extends Module {

  /**
   * @throws IllegalArgumentException when the input has not 3 or 4 dims
   */
  @Override
  public Tensor forward(Tensor input) {
    if (input.dim() != 3 && input.dim() != 4) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected a 3-d or 4-d input, got shape "
              + Arrays.toString(input.shape()));
    }
    return input.softmax(-3);
  }
}
