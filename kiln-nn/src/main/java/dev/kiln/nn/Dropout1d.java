package dev.kiln.nn;

import dev.kiln.tensor.Generator;

/**
 * {@link FeatureDropout} of {@code [N, C, L]} or unbatched {@code [C, L]} input, like PyTorch's
 * {@code nn.Dropout1d}.
 */
public final class Dropout1d extends FeatureDropout {

  /** p 0.5, from the default generator. */
  public Dropout1d() {
    this(0.5, Generator.defaultGenerator());
  }

  /** Drop probability {@code p} in [0, 1], masks drawn from {@code g}. */
  public Dropout1d(double p, Generator g) {
    super("Dropout1d", p, g, 1);
  }
}
