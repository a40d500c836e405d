package dev.kiln.nn;

import dev.kiln.tensor.Generator;

/**
 * {@link FeatureDropout} of {@code [N, C, D, H, W]} or unbatched {@code [C, D, H, W]} input, like
 * PyTorch's {@code nn.Dropout3d}.
 */
public final class Dropout3d extends FeatureDropout {

  /** p 0.5, from the default generator. */
  public Dropout3d() {
    this(0.5, Generator.defaultGenerator());
  }

  /** Drop probability {@code p} in [0, 1], masks drawn from {@code g}. */
  public Dropout3d(double p, Generator g) {
    super("Dropout3d", p, g, 3);
  }
}
