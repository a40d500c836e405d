package dev.kiln.nn;

import dev.kiln.tensor.Generator;

/**
 * {@link FeatureDropout} of {@code [N, C, H, W]} input, like PyTorch's {@code nn.Dropout2d}. As in
 * PyTorch 1.13, a 3-d input counts as {@code [N, C, L]}, not as an unbatched {@code [C, H, W]}
 * (later PyTorch versions read it so).
 */
public final class Dropout2d extends FeatureDropout {

  /** p 0.5, from the default generator. */
  public Dropout2d() {
    this(0.5, Generator.defaultGenerator());
  }

  /** Drop probability {@code p} in [0, 1], masks drawn from {@code g}. */
  public Dropout2d(double p, Generator g) {
    super("Dropout2d", p, g, 2);
  }

  /** A 3-d input is batched {@code [N, C, L]}, as PyTorch 1.13 reads it. */
  @Override
  boolean batched(int rank) {
    return rank >= 3;
  }
}
