package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * Runs its children in order, each on the previous one's output. Children are named {@code 0},
 * {@code 1}, ... or by the caller, as in PyTorch's {@code nn.Sequential(OrderedDict(...))}.
 */
public final class Sequential extends Module {

  /** Children named by their position. */
  public Sequential(Module... layers) {
    for (int i = 0; i < layers.length; i++) {
      registerModule(Integer.toString(i), layers[i]);
    }
  }

  /** Children named by the keys of {@code layers}, in its iteration order. */
  public Sequential(Map<String, Module> layers) {
    layers.forEach(this::registerModule);
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (Module m : children()) {
      x = m.call(x);
    }
    return x;
  }
}
