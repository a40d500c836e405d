package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * {@link AlphaDropout} of whole channels, like PyTorch's {@code nn.FeatureAlphaDropout}: in
 * training one draw per sample and channel of {@code [N, C, *]} input keeps the channel or sets it
 * to SELU's negative saturation, with AlphaDropout's scale and shift; in eval mode it returns the
 * input.
 */
public final class FeatureAlphaDropout extends Module {
  private final double p;
  private final Generator generator;

  /** p 0.5, from the default generator. */
  public FeatureAlphaDropout() {
    this(0.5, Generator.defaultGenerator());
  }

  /** Drop probability {@code p} in [0, 1], masks drawn from {@code g}. */
  public FeatureAlphaDropout(double p, Generator g) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("FeatureAlphaDropout: p must be in [0, 1], got " + p);
    }
    this.p = p;
    this.generator = g;
  }

  /**
   * @throws IllegalArgumentException in training for an input of fewer than 2 dims
   */
  @Override
  public Tensor forward(Tensor input) {
    if (!isTraining() || p == 0) {
      return input;
    }
    if (input.dim() < 2) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected a [N, C, *] input, got shape "
              + Arrays.toString(input.shape()));
    }
    if (p == 1) {
      return input.mul(0.0);
    }
    int[] maskShape = new int[input.dim()];
    Arrays.fill(maskShape, 1);
    maskShape[0] = input.size(0);
    maskShape[1] = input.size(1);
    return AlphaDropout.apply(input, Tensor.rand(generator, input.dtype(), maskShape), p);
  }

  @Override
  protected String extraRepr() {
    return "p=" + p;
  }
}
