package dev.kiln.nn;

import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Module form of {@link Losses#l1Loss}. */
public final class L1Loss extends Loss {

  /** Mean reduction. */
  public L1Loss() {
    this(Reduction.MEAN);
  }

  /** Reduction {@code reduction}. */
  public L1Loss(Reduction reduction) {
    super(reduction);
  }

  @Override
  public Tensor forward(Tensor input, Tensor target) {
    return Losses.l1Loss(input, target, reduction());
  }
}
