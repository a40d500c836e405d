package dev.kiln.optim.lr;

import java.util.List;

/**
 * Steps every one of {@code schedulers} (on one optimizer) in order at each step, so their
 * chainable factors compose, like PyTorch 1.13's {@code ChainedScheduler}; it takes no initial step
 * of its own.
 */
public final class ChainedScheduler extends LRScheduler {
  private final List<LRScheduler> schedulers;

  /**
   * @throws IllegalArgumentException when the list is empty or the schedulers drive different
   *     optimizers
   */
  public ChainedScheduler(List<LRScheduler> schedulers) {
    super(first(schedulers).optimizer);
    for (int i = 1; i < schedulers.size(); i++) {
      if (schedulers.get(i).optimizer != optimizer) {
        throw new IllegalArgumentException(
            "ChainedScheduler: schedulers 0 and " + i + " belong to different optimizers");
      }
    }
    this.schedulers = List.copyOf(schedulers);
    setLr(groupLrs());
  }

  private static LRScheduler first(List<LRScheduler> schedulers) {
    if (schedulers.isEmpty()) {
      throw new IllegalArgumentException("ChainedScheduler: got no schedulers");
    }
    return schedulers.get(0);
  }

  @Override
  protected double[] computeLr() {
    schedulers.forEach(LRScheduler::step);
    return groupLrs();
  }

  @Override
  protected List<LRScheduler> children() {
    return schedulers;
  }
}
