package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** Sets each rate to its base times a function of the epoch, like {@code LambdaLR}. */
public final class LambdaLR extends LRScheduler {
  private final List<IntToDoubleFunction> lambdas;

  /**
   * One function per group, or one for all.
   *
   * @throws IllegalArgumentException when the count is neither 1 nor the group count
   */
  public LambdaLR(Optimizer optimizer, List<IntToDoubleFunction> lambdas) {
    super(optimizer);
    this.lambdas = oneOrPerGroup("LambdaLR", "lr lambdas", optimizer, lambdas);
    initialStep();
  }

  /** One function for every group. */
  public LambdaLR(Optimizer optimizer, IntToDoubleFunction lambda) {
    this(optimizer, List.of(lambda));
  }

  @Override
  protected double[] computeLr() {
    double[] out = new double[baseLrs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = baseLrs[i] * lambdas.get(lambdas.size() == 1 ? 0 : i).applyAsDouble(lastEpoch);
    }
    return out;
  }
}
