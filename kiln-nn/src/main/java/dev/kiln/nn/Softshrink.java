package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Elementwise {@code x - lambd} above {@code lambd}, {@code x + lambd} below {@code -lambd}, 0
 * between, like PyTorch's {@code nn.Softshrink}.
 */
public final class Softshrink extends Module {
  private final double lambd;

  /** PyTorch's defaults: lambd 0.5. */
  public Softshrink() {
    this(0.5);
  }

  /** {@code lambd}: the half-width of the zero band. */
  public Softshrink(double lambd) {
    this.lambd = lambd;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.sub(input.clamp(-lambd, lambd));
  }

  @Override
  protected String extraRepr() {
    return "lambd=" + lambd;
  }
}
