package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Holds parameters by name in insertion order, like PyTorch's {@code nn.ParameterDict}: a model
 * that registers it as {@code params} gets state-dict keys {@code params.<name>}.
 */
public final class ParameterDict extends Module {
  private final Set<String> keys = new LinkedHashSet<>();

  /** An empty dict. */
  public ParameterDict() {}

  /**
   * A dict holding {@code params} in their iteration order.
   *
   * {@snippet :
   * ParameterDict d = new ParameterDict(Map.of("alpha", Tensor.zeros(2).requiresGrad_(true)));
   * }
   */
  public ParameterDict(Map<String, Tensor> params) {
    params.forEach(this::put);
  }

  /**
   * Adds {@code param} (a leaf that requires grad) under {@code name}; a parameter already under
   * that name is replaced and keeps its position. Returns this.
   *
   * @throws IllegalArgumentException for an empty name, a name with '.', or a non-leaf tensor
   */
  public ParameterDict put(String name, Tensor param) {
    registerParameter(name, param);
    keys.add(name);
    return this;
  }

  /** The parameter named {@code name}. */
  public Tensor get(String name) {
    if (!keys.contains(name)) {
      throw new IllegalArgumentException(
          describe() + ".get: no parameter named '" + name + "', have " + keys);
    }
    return parameter(name);
  }

  /** The names in insertion order. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(keys);
  }

  /** Number of parameters. */
  public int size() {
    return keys.size();
  }

  /** Always fails: a ParameterDict has no forward; use its parameters from the owning module. */
  @Override
  public Tensor forward(Tensor input) {
    throw new UnsupportedOperationException(
        describe() + ": ParameterDict has no forward; use its parameters from the owning module");
  }

  @Override
  protected String extraRepr() {
    return "keys=" + keys;
  }
}
