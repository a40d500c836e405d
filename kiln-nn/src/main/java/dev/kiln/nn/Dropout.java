package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * In training, zeroes each element with probability {@code p} (drawn from its generator) and scales
 * the rest by {@code 1 / (1 - p)}; in eval mode, returns the input.
 */
public final class Dropout extends Module {
  private final double p;
  private final Generator generator;

  /** p 0.5, from the default generator. */
  public Dropout() {
    this(0.5, Generator.defaultGenerator());
  }

  /** Drop probability {@code p} in [0, 1], from the default generator. */
  public Dropout(double p) {
    this(p, Generator.defaultGenerator());
  }

  /** Drop probability {@code p} in [0, 1], masks drawn from {@code g}. */
  public Dropout(double p, Generator g) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
    }
    this.p = p;
    this.generator = g;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (!isTraining() || p == 0) {
      return input;
    }
    if (p == 1) {
      return input.mul(0.0);
    }
    Tensor keep = Tensor.rand(generator, input.dtype(), input.shape()).ge(p).to(input.dtype());
    return input.mul(keep).mul(1 / (1 - p));
  }

  @Override
  protected String extraRepr() {
    return "p=" + p;
  }
}
