package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters that share hyper-parameters, like an entry of PyTorch's {@code param_groups}. Options
 * not given here take the optimizer's defaults; they stay mutable (e.g. a learning-rate schedule
 * sets {@code "lr"}).
 */
public final class ParamGroup {
  private final List<Tensor> params;
  private final Map<String, Double> options;

  /** A group of {@code params} with option overrides {@code options} (may be empty). */
  public ParamGroup(List<Tensor> params, Map<String, Double> options) {
    this.params = List.copyOf(params);
    this.options = new LinkedHashMap<>(options);
  }

  /** A group of {@code params} using the optimizer's defaults. */
  public ParamGroup(List<Tensor> params) {
    this(params, Map.of());
  }

  /** The parameters, in order. */
  public List<Tensor> params() {
    return params;
  }

  /** Option {@code name}. */
  public double get(String name) {
    Double v = options.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "ParamGroup: no option '" + name + "', have " + options.keySet());
    }
    return v;
  }

  /** Sets option {@code name} (e.g. the learning rate). */
  public void set(String name, double value) {
    options.put(name, value);
  }

  /** All options by name (a copy). */
  public Map<String, Double> options() {
    return new LinkedHashMap<>(options);
  }

  void fillDefaults(Map<String, Double> defaults) {
    defaults.forEach(options::putIfAbsent);
  }
}
