package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import java.util.List;

/**
 * Runs {@code schedulers} one after another, switching at each milestone epoch (where the next
 * scheduler restarts at its epoch 0), like PyTorch 1.13's {@code SequentialLR}. Build the
 * schedulers on the same optimizer first; construction rewinds them.
 */
public final class SequentialLR extends LRScheduler {
  private final List<LRScheduler> schedulers;
  private final int[] milestones;

  /**
   * @throws IllegalArgumentException when a scheduler drives another optimizer or there is not one
   *     milestone fewer than schedulers
   */
  public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
    super(optimizer);
    for (int i = 0; i < schedulers.size(); i++) {
      if (schedulers.get(i).optimizer != optimizer) {
        throw new IllegalArgumentException(
            "SequentialLR: scheduler " + i + " belongs to a different optimizer");
      }
    }
    if (milestones.length != schedulers.size() - 1) {
      throw new IllegalArgumentException(
          "SequentialLR: expected "
              + (schedulers.size() - 1)
              + " milestones for "
              + schedulers.size()
              + " schedulers, got "
              + milestones.length);
    }
    this.schedulers = List.copyOf(schedulers);
    this.milestones = milestones.clone();
    initialStep();
  }

  @Override
  protected double[] computeLr() {
    if (lastEpoch == 0) {
      for (ParamGroup g : optimizer.paramGroups()) {
        g.set("lr", g.get("initial_lr"));
      }
      schedulers.forEach(s -> s.lastEpoch--);
      schedulers.get(0).initialStep();
      return schedulers.get(0).getLastLr();
    }
    int idx = 0;
    while (idx < milestones.length && milestones[idx] <= lastEpoch) {
      idx++;
    }
    LRScheduler s = schedulers.get(idx);
    if (idx > 0 && milestones[idx - 1] == lastEpoch) {
      s.restart();
    } else {
      s.step();
    }
    return s.getLastLr();
  }

  @Override
  protected List<LRScheduler> children() {
    return schedulers;
  }
}
