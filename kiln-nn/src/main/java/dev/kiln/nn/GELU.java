package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Gaussian error linear unit, exact ({@code "none"}) or with the {@code "tanh"} approximation. */
public final class GELU extends Module {
  private final String approximate;

  /** The exact form. */
  public GELU() {
    this("none");
  }

  /** {@code approximate} is {@code "none"} or {@code "tanh"}. */
  public GELU(String approximate) {
    this.approximate = approximate;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.gelu(approximate);
  }

  @Override
  protected String extraRepr() {
    return "approximate=" + approximate;
  }
}
