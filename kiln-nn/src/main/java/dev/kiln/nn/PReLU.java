package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Elementwise {@code x} for positive inputs, {@code weight * x} otherwise, with a learnable slope
 * (one, or one per channel at dim 1), like PyTorch's {@code nn.PReLU}; the slopes start at {@code
 * init} (0.25).
 */
public final class PReLU extends Module {
  private final int numParameters;

  /** One shared slope starting at 0.25. */
  public PReLU() {
    this(1, 0.25);
  }

  /** {@code numParameters} slopes (1, or the channel count) starting at {@code init}. */
  public PReLU(int numParameters, double init) {
    if (numParameters < 1) {
      throw new IllegalArgumentException(
          "PReLU: numParameters must be at least 1, got " + numParameters);
    }
    this.numParameters = numParameters;
    registerParameter("weight", Tensor.full(init, numParameters).requiresGrad_(true));
  }

  /**
   * @throws IllegalArgumentException when there are several slopes and dim 1 (dim 0 of a 1-d input)
   *     does not have that many channels
   */
  @Override
  public Tensor forward(Tensor input) {
    Tensor w = parameter("weight");
    if (numParameters > 1) {
      int channelDim = input.dim() >= 2 ? 1 : 0;
      if (input.dim() == 0 || input.size(channelDim) != numParameters) {
        throw new IllegalArgumentException(
            LayerChecks.name(this)
                + ": expected input with "
                + numParameters
                + " channels, got shape "
                + Arrays.toString(input.shape()));
      }
      int[] shape = new int[input.dim() - channelDim];
      Arrays.fill(shape, 1);
      shape[0] = numParameters;
      w = w.reshape(shape);
    }
    return Tensor.where(input.gt(0.0), input, input.mul(w));
  }

  @Override
  protected String extraRepr() {
    return "numParameters=" + numParameters;
  }
}
