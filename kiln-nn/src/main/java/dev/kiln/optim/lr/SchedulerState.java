package dev.kiln.optim.lr;

import java.util.List;
import java.util.Map;

/**
 * A scheduler's saved progress, like PyTorch's scheduler {@code state_dict()}.
 *
 * @param lastEpoch the epoch of the last step
 * @param baseLrs each group's initial learning rate
 * @param lastLr each group's learning rate after the last step
 * @param extra counters particular to the scheduler kind (e.g. {@code "T_cur"}), by PyTorch's name
 * @param children the states of the schedulers a composite one drives, in order
 */
public record SchedulerState(
    int lastEpoch,
    double[] baseLrs,
    double[] lastLr,
    Map<String, Double> extra,
    List<SchedulerState> children) {
  /** Copies {@code extra} and {@code children}. */
  public SchedulerState {
    extra = Map.copyOf(extra);
    children = List.copyOf(children);
  }
}
