package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Multiplies each rate by a function of the epoch at every step after the first, like PyTorch
 * 1.13's {@code MultiplicativeLR}.
 */
public final class MultiplicativeLR extends LRScheduler {
  private final List<IntToDoubleFunction> lambdas;

  /**
   * One factor function per group, or one for all.
   *
   * @throws IllegalArgumentException when the count is neither 1 nor the group count
   */
  public MultiplicativeLR(Optimizer optimizer, List<IntToDoubleFunction> lambdas) {
    super(optimizer);
    this.lambdas = oneOrPerGroup("MultiplicativeLR", "lr lambdas", optimizer, lambdas);
    initialStep();
  }

  /** One factor function for every group. */
  public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction lambda) {
    this(optimizer, List.of(lambda));
  }

  @Override
  protected double[] computeLr() {
    double[] out = new double[baseLrs.length];
    for (int i = 0; i < out.length; i++) {
      double factor =
          lastEpoch > 0 ? lambdas.get(lambdas.size() == 1 ? 0 : i).applyAsDouble(lastEpoch) : 1;
      out[i] = groupLr(i) * factor;
    }
    return out;
  }
}
