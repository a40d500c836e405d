package dev.kiln.nn;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * A loss of more than one input and a target (e.g. {@link TripletMarginLoss}); its own {@code
 * forward} overload takes every tensor, and the two-tensor {@link #forward(Tensor, Tensor)}
 * refuses.
 */
public abstract class MultiInputLoss extends Loss {

  /** A loss reducing with {@code reduction}. */
  protected MultiInputLoss(Reduction reduction) {
    super(reduction);
  }

  /**
   * The arguments the loss's forward takes, named for error messages, e.g. {@code "(x1, x2, y)"}.
   */
  @Override
  protected abstract String arguments();

  /** Always fails: this loss takes more tensors; call its own {@code forward} overload. */
  @Override
  public final Tensor forward(Tensor input, Tensor target) {
    throw new UnsupportedOperationException(describe() + ": call forward" + arguments());
  }
}
