package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Elementwise {@code x} where {@code |x| > lambd}, 0 elsewhere, like PyTorch's {@code
 * nn.Hardshrink}.
 */
public final class Hardshrink extends Module {
  private final double lambd;

  /** PyTorch's defaults: lambd 0.5. */
  public Hardshrink() {
    this(0.5);
  }

  /** {@code lambd}: the half-width of the zero band. */
  public Hardshrink(double lambd) {
    this.lambd = lambd;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.mul(input.abs().gt(lambd).to(input.dtype()));
  }

  @Override
  protected String extraRepr() {
    return "lambd=" + lambd;
  }
}
