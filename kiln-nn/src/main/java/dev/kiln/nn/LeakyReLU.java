package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code x} for positive inputs, {@code negativeSlope * x} otherwise. */
public final class LeakyReLU extends Module {
  private final double negativeSlope;

  /** Slope 0.01, PyTorch's default. */
  public LeakyReLU() {
    this(0.01);
  }

  /** Slope {@code negativeSlope} for negative inputs. */
  public LeakyReLU(double negativeSlope) {
    this.negativeSlope = negativeSlope;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.leakyRelu(negativeSlope);
  }

  @Override
  protected String extraRepr() {
    return "negativeSlope=" + negativeSlope;
  }
}
