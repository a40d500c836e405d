package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Holds modules named {@code 0}, {@code 1}, ... so that their parameters are registered. */
public final class ModuleList extends Module {

  /** A list holding {@code modules} in order. */
  public ModuleList(Module... modules) {
    for (Module m : modules) {
      add(m);
    }
  }

  /** Appends {@code module} under the next index. */
  public ModuleList add(Module module) {
    registerModule(Integer.toString(size()), module);
    return this;
  }

  /** The module at {@code index}. */
  public Module get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(
          "ModuleList.get: index " + index + " out of range for size " + size());
    }
    return children().get(index);
  }

  /** Number of modules. */
  public int size() {
    return namedChildren().size();
  }

  /** Always fails: a ModuleList has no forward; iterate over it in the owning module. */
  @Override
  public Tensor forward(Tensor input) {
    throw new UnsupportedOperationException(
        describe() + ": ModuleList has no forward; call its modules from the owning module");
  }
}
