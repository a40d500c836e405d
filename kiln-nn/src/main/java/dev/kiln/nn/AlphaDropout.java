package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * Dropout for self-normalising ({@link SELU}) networks, like PyTorch's {@code nn.AlphaDropout}: in
 * training each element is kept with probability {@code 1 - p} or set to SELU's negative saturation
 * {@code -alpha}, then the result is scaled by {@code a} and shifted by {@code b} so a zero-mean,
 * unit-variance input keeps its mean and variance ({@code alpha = 1.7580993408473766}, {@code a = 1
 * / sqrt((alpha^2 p + 1)(1 - p))}, {@code b = alpha a p}); in eval mode it returns the input.
 */
public final class AlphaDropout extends Module {
  /** SELU's {@code scale * alpha}: minus the value SELU tends to for very negative inputs. */
  private static final double ALPHA = 1.7580993408473766;

  private final double p;
  private final Generator generator;

  /** p 0.5, from the default generator. */
  public AlphaDropout() {
    this(0.5, Generator.defaultGenerator());
  }

  /** Drop probability {@code p} in [0, 1], masks drawn from {@code g}. */
  public AlphaDropout(double p, Generator g) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("AlphaDropout: p must be in [0, 1], got " + p);
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
    return apply(input, Tensor.rand(generator, input.dtype(), input.shape()), p);
  }

  /**
   * Alpha dropout of {@code input} with keep mask {@code u >= p} for the uniform draws {@code u}
   * (broadcast against the input; {@code 0 < p < 1}).
   */
  static Tensor apply(Tensor input, Tensor u, double p) {
    double a = 1 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
    Tensor keep = u.ge(p).to(input.dtype());
    Tensor shift = keep.sub(1.0).mul(ALPHA * a).add(ALPHA * a * p);
    return input.mul(keep.mul(a)).add(shift);
  }

  @Override
  protected String extraRepr() {
    return "p=" + p;
  }
}
