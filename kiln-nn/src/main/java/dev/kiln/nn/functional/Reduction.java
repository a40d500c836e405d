package dev.kiln.nn.functional;

import dev.kiln.tensor.Tensor;

/** How a loss combines its per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
  /** Keep the per-element losses. */
  NONE,
  /** Average them (the default). */
  MEAN,
  /** Add them up. */
  SUM;

  /** Applies this reduction to per-element losses. */
  public Tensor apply(Tensor losses) {
    return switch (this) {
      case NONE -> losses;
      case MEAN -> losses.mean();
      case SUM -> losses.sum();
    };
  }
}
