package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * Randomized leaky ReLU, like PyTorch's {@code nn.RReLU}: negative inputs are multiplied by a slope
 * drawn uniformly from {@code [lower, upper]} per element in training, and by the fixed {@code
 * (lower + upper) / 2} in eval mode.
 */
public final class RReLU extends Module {
  private final double lower;
  private final double upper;
  private final Generator generator;

  /** PyTorch's defaults: lower 1/8, upper 1/3, from the default generator. */
  public RReLU() {
    this(1.0 / 8, 1.0 / 3, Generator.defaultGenerator());
  }

  /** Slopes in {@code [lower, upper]}, drawn from {@code g}. */
  public RReLU(double lower, double upper, Generator g) {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException(
          "RReLU: lower " + lower + " must not exceed upper " + upper);
    }
    this.lower = lower;
    this.upper = upper;
    this.generator = g;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (!isTraining()) {
      return input.leakyRelu((lower + upper) / 2);
    }
    Tensor slope = Tensor.uniform(generator, lower, upper, input.dtype(), input.shape());
    return Tensor.where(input.ge(0.0), input, input.mul(slope));
  }

  @Override
  protected String extraRepr() {
    return "lower=" + lower + ", upper=" + upper;
  }
}
