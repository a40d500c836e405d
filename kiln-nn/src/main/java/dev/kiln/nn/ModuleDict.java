package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Map;

/** Holds modules by name so that their parameters are registered, in insertion order. */
public final class ModuleDict extends Module {

  /** A dict holding {@code modules} in their iteration order. */
  public ModuleDict(Map<String, Module> modules) {
    modules.forEach(this::put);
  }

  /** Adds {@code module} under {@code name}. */
  public ModuleDict put(String name, Module module) {
    registerModule(name, module);
    return this;
  }

  /** The module named {@code name}. */
  public Module get(String name) {
    Module m = namedChildren().get(name);
    if (m == null) {
      throw new IllegalArgumentException(
          "ModuleDict.get: no module named '" + name + "', have " + namedChildren().keySet());
    }
    return m;
  }

  /** Always fails: a ModuleDict has no forward; call its modules from the owning module. */
  @Override
  public Tensor forward(Tensor input) {
    throw new UnsupportedOperationException(
        describe() + ": ModuleDict has no forward; call its modules from the owning module");
  }
}
