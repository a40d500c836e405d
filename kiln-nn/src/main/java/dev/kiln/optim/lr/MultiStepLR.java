package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import java.util.List;

/**
 * Multiplies the rates by {@code gamma} at each milestone epoch (a milestone listed k times
 * multiplies by {@code gamma^k}), like {@code MultiStepLR}.
 */
public final class MultiStepLR extends LRScheduler {
  private final List<Integer> milestones;
  private final double gamma;

  /** With {@code milestones} in any order, repeats counting. */
  public MultiStepLR(Optimizer optimizer, List<Integer> milestones, double gamma) {
    super(optimizer);
    this.milestones = List.copyOf(milestones);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double[] closedFormLr() {
    return baseScaled(Math.pow(gamma, milestones.stream().filter(m -> m <= lastEpoch).count()));
  }

  @Override
  protected double[] computeLr() {
    long hits = milestones.stream().filter(m -> m == lastEpoch).count();
    return scaled(hits == 0 ? 1 : Math.pow(gamma, hits));
  }
}
