package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Splits the channels of {@code [N, C, *]} input into {@code numGroups} groups and normalises each
 * group of each sample to zero mean and unit (biased) variance, then applies a per-channel weight
 * (ones) and bias (zeros), like PyTorch's {@code nn.GroupNorm}.
 */
public final class GroupNorm extends Module {
  private final int numGroups;
  private final int numChannels;
  private final double eps;

  /** eps 1e-5, with weight and bias. */
  public GroupNorm(int numGroups, int numChannels) {
    this(numGroups, numChannels, 1e-5, true);
  }

  /**
   * @throws IllegalArgumentException when {@code numChannels} does not divide by {@code numGroups}
   */
  public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
    if (numGroups <= 0 || numChannels % numGroups != 0) {
      throw new IllegalArgumentException(
          "GroupNorm: numChannels " + numChannels + " must divide by numGroups " + numGroups);
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = eps;
    registerParameter("weight", affine ? Tensor.ones(numChannels).requiresGrad_(true) : null);
    registerParameter("bias", affine ? Tensor.zeros(numChannels).requiresGrad_(true) : null);
  }

  /**
   * @throws IllegalArgumentException when the input is not {@code [N, numChannels, *]}
   */
  @Override
  public Tensor forward(Tensor input) {
    if (input.dim() < 2 || input.size(1) != numChannels) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected input with "
              + numChannels
              + " channels at dim 1, got shape "
              + Arrays.toString(input.shape()));
    }
    int[] shape = input.shape();
    Tensor g = input.reshape(shape[0], numGroups, -1);
    Tensor mean = g.mean(2, true);
    Tensor var = g.var(new int[] {2}, 0, true);
    Tensor y = g.sub(mean).mul(var.add(eps).rsqrt()).reshape(shape);
    Tensor w = parameter("weight");
    if (w == null) {
      return y;
    }
    int[] channelShape = new int[shape.length];
    Arrays.fill(channelShape, 1);
    channelShape[1] = numChannels;
    return y.mul(w.reshape(channelShape)).add(parameter("bias").reshape(channelShape));
  }

  @Override
  protected String extraRepr() {
    return numGroups
        + ", "
        + numChannels
        + ", eps="
        + eps
        + ", affine="
        + (parameter("weight") != null);
  }
}
