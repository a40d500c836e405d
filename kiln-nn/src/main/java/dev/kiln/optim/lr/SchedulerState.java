package dev.kiln.optim.lr;

import java.util.Map;

/**
 * A scheduler's saved progress, like PyTorch's scheduler {@code state_dict()}.
 *
 * @param lastEpoch the epoch of the last step
 * @param baseLrs each group's initial learning rate
 * @param lastLr each group's learning rate after the last step
 * @param extra counters particular to the scheduler kind (e.g. {@code "T_cur"}), by PyTorch's name
 */
public record SchedulerState(
    int lastEpoch, double[] baseLrs, double[] lastLr, Map<String, Double> extra) {
  /** Copies {@code extra}. */
  public SchedulerState {
    extra = Map.copyOf(extra);
  }
}
