package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The computed parameters of one module: their computations and last values. */
final class ComputedParameters {
  private final Map<String, Module.ParameterComputation> computations = new LinkedHashMap<>();
  private final Map<String, Tensor> values = new LinkedHashMap<>();

  boolean has(String name) {
    return computations.containsKey(name);
  }

  Tensor value(String name) {
    return values.get(name);
  }

  void add(String name, Tensor initial, Module.ParameterComputation computation) {
    computations.put(name, computation);
    values.put(name, initial);
  }

  Module.ParameterComputation remove(String name) {
    values.remove(name);
    return computations.remove(name);
  }

  Map<String, Module.ParameterComputation> computations() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(computations));
  }

  /** Replaces every value by its computation's result on {@code module}. */
  void recompute(Module module) {
    computations.forEach((name, c) -> values.put(name, c.compute(module)));
  }
}
