package dev.kiln.nn;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * A loss as a module: {@link #forward(Tensor, Tensor)} compares an input with a target and reduces
 * with the loss's {@link Reduction}.
 */
public abstract class Loss extends Module {
  private final Reduction reduction;

  /** A loss reducing with {@code reduction}. */
  protected Loss(Reduction reduction) {
    this.reduction = reduction;
  }

  /** How the per-element losses are combined. */
  public final Reduction reduction() {
    return reduction;
  }

  /** The loss of {@code input} against {@code target}. */
  public abstract Tensor forward(Tensor input, Tensor target);

  /** Always fails: a loss needs a target; call {@link #forward(Tensor, Tensor)}. */
  @Override
  public final Tensor forward(Tensor input) {
    throw new UnsupportedOperationException(
        describe() + ": a loss needs a target; call forward" + arguments());
  }

  /** The arguments the loss's forward takes, named for error messages. */
  protected String arguments() {
    return "(input, target)";
  }

  @Override
  protected String extraRepr() {
    return "reduction=" + reduction;
  }
}
