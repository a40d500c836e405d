package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A saved optimizer: per-parameter state tensors keyed by parameter position, and each group's
 * options, like PyTorch's {@code {"state": ..., "param_groups": ...}}.
 */
public record OptimizerState(
    Map<Integer, Map<String, Tensor>> state, List<Map<String, Double>> groupOptions) {

  /** Copies the containers. */
  public OptimizerState {
    state = Map.copyOf(state);
    groupOptions = List.copyOf(groupOptions);
  }
}
