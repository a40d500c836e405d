package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise {@code x} for positive inputs, {@code alpha * (exp(x) - 1)} otherwise. */
public final class ELU extends Module {
  private final double alpha;

  /** Alpha 1. */
  public ELU() {
    this(1.0);
  }

  /** Scale {@code alpha} of the negative part. */
  public ELU(double alpha) {
    this.alpha = alpha;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.elu(alpha);
  }

  @Override
  protected String extraRepr() {
    return "alpha=" + alpha;
  }
}
