package dev.kiln.nn;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.HookHandle;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Base class of every layer, like PyTorch's {@code torch.nn.Module}: it owns named parameters
 * (tensors that require grad), buffers (state such as running statistics, persistent or not) and
 * child modules, and names them with PyTorch's dotted keys ({@code layers.1.bias}).
 *
 * <p>Subclasses register their state in the constructor and read it back by name in {@link
 * #forward}, so that {@link #to(DType)} can replace tensors.
 */
public abstract class Module {
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Set<String> nonPersistent = new HashSet<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private Module parent;
  private String nameInParent = "";
  private boolean training = true;
  private final ForwardHooks hooks = new ForwardHooks();
  private final ComputedParameters computed = new ComputedParameters();

  /**
   * Computes this module's output for {@code input}. Implement it; invoke modules through {@link
   * #call(Tensor)} so that hooks run.
   */
  public abstract Tensor forward(Tensor input);

  /**
   * Recomputes the {@linkplain #registerComputedParameter computed parameters}, then runs the
   * forward pre-hooks, {@link #forward} and the forward hooks, like calling a PyTorch module
   * ({@code model(x)}); containers call their children this way.
   */
  public final Tensor call(Tensor input) {
    computed.recompute(this);
    return hooks.isEmpty() ? forward(input) : hooks.run(this, input);
  }

  /** Computes a tensor that a layer reads as one of its parameters (weight or spectral norm). */
  @FunctionalInterface
  public interface ParameterComputation {
    /** The tensor {@link #parameter} returns until the next {@link #call(Tensor)}. */
    Tensor compute(Module module);
  }

  /** Sees a module's input before forward; returns a replacement input, or null to keep it. */
  @FunctionalInterface
  public interface ForwardPreHook {
    /** Called by {@link #call(Tensor)} before {@link #forward}. */
    Tensor apply(Module module, Tensor input);
  }

  /** Sees a module's input and output; returns a replacement output, or null to keep it. */
  @FunctionalInterface
  public interface ForwardHook {
    /** Called by {@link #call(Tensor)} after {@link #forward}. */
    Tensor apply(Module module, Tensor input, Tensor output);
  }

  /** Registers a hook run before every {@link #call(Tensor)}; the handle removes it. */
  public final HookHandle registerForwardPreHook(ForwardPreHook hook) {
    return hooks.addPre(hook);
  }

  /** Registers a hook run after every {@link #call(Tensor)}; the handle removes it. */
  public final HookHandle registerForwardHook(ForwardHook hook) {
    return hooks.addPost(hook);
  }

  /** The module's kind in messages and {@link #toString()}, its simple class name by default. */
  public String kind() {
    return getClass().getSimpleName();
  }

  /** Dotted path of this module from the root it was registered in, "" for a root. */
  public final String path() {
    if (parent == null) {
      return "";
    }
    String p = parent.path();
    return p.isEmpty() ? nameInParent : p + "." + nameInParent;
  }

  /** {@code kind(path)} for error messages, e.g. {@code Linear(layers.1)}. */
  protected final String describe() {
    String p = path();
    return p.isEmpty() ? kind() : kind() + "(" + p + ")";
  }

  /**
   * Registers {@code value} as parameter {@code name}; it must be a leaf that requires grad, or
   * null for an absent parameter (e.g. a layer built without bias).
   */
  public final Tensor registerParameter(String name, Tensor value) {
    checkFreeName(name, parameters);
    if (value != null && (!value.isLeaf() || !value.requiresGrad())) {
      throw new IllegalArgumentException(
          describe() + ": parameter '" + name + "' must be a leaf tensor that requires grad");
    }
    parameters.put(name, value);
    return value;
  }

  /** Registers a persistent buffer (saved in {@link #stateDict()}). */
  public final Tensor registerBuffer(String name, Tensor value) {
    return registerBuffer(name, value, true);
  }

  /**
   * Registers buffer {@code name} (null for an absent one); non-persistent buffers are left out of
   * the state dict.
   */
  public final Tensor registerBuffer(String name, Tensor value, boolean persistent) {
    checkFreeName(name, buffers);
    buffers.put(name, value);
    if (!persistent) {
      nonPersistent.add(name);
    }
    return value;
  }

  /** Registers {@code child} under {@code name}; its path becomes this path plus the name. */
  protected final <M extends Module> M registerModule(String name, M child) {
    checkFreeName(name, children);
    if (child == this) {
      throw new IllegalArgumentException(describe() + ": a module cannot contain itself");
    }
    children.put(name, child);
    Module c = child;
    c.parent = this;
    c.nameInParent = name;
    return child;
  }

  private void checkFreeName(String name, Map<String, ?> own) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          describe() + ": name must be non-empty and contain no '.', got '" + name + "'");
    }
    if (!own.containsKey(name)
        && (parameters.containsKey(name)
            || buffers.containsKey(name)
            || children.containsKey(name)
            || computed.has(name))) {
      throw new IllegalArgumentException(describe() + ": name '" + name + "' is already used");
    }
  }

  /**
   * This module's own parameter {@code name} (null when registered as absent), or the last value of
   * computed parameter {@code name}.
   */
  public final Tensor parameter(String name) {
    if (computed.has(name)) {
      return computed.value(name);
    }
    if (!parameters.containsKey(name)) {
      throw new IllegalArgumentException(describe() + ": no parameter named '" + name + "'");
    }
    return parameters.get(name);
  }

  /** This module's own buffer {@code name}. */
  public final Tensor buffer(String name) {
    if (!buffers.containsKey(name)) {
      throw new IllegalArgumentException(describe() + ": no buffer named '" + name + "'");
    }
    return buffers.get(name);
  }

  /** Replaces the tensor of own buffer {@code name} (e.g. a running statistic). */
  protected final void setBuffer(String name, Tensor value) {
    buffer(name);
    buffers.put(name, value);
  }

  /** Removes own parameter {@code name} (PyTorch's {@code del module._parameters[name]}). */
  public final Tensor removeParameter(String name) {
    if (!parameters.containsKey(name)) {
      throw new IllegalArgumentException(describe() + ": no parameter named '" + name + "'");
    }
    return parameters.remove(name);
  }

  /** Removes own buffer {@code name}. */
  public final Tensor removeBuffer(String name) {
    Tensor t = buffer(name);
    buffers.remove(name);
    nonPersistent.remove(name);
    return t;
  }

  /**
   * Makes {@link #parameter parameter(name)} return a tensor computed from this module's state, as
   * PyTorch's {@code weight_norm} and {@code spectral_norm} do with a forward pre-hook: {@code
   * initial} until the next {@link #call(Tensor)}, then {@code computation.compute(this)},
   * evaluated at the start of every {@code call} (before the pre-hooks; a typed {@code forward}
   * overload called directly sees the value of the last {@code call}). The tensor is neither a
   * parameter nor in the state dict; {@code name} must be free (remove the parameter first).
   */
  public final void registerComputedParameter(
      String name, Tensor initial, ParameterComputation computation) {
    checkFreeName(name, Map.of());
    computed.add(name, initial, computation);
  }

  /** Removes computed parameter {@code name} and returns its computation. */
  public final ParameterComputation removeComputedParameter(String name) {
    if (!computed.has(name)) {
      throw new IllegalArgumentException(
          describe() + ": no computed parameter named '" + name + "'");
    }
    return computed.remove(name);
  }

  /** The computations of this module's own computed parameters, by name. */
  public final Map<String, ParameterComputation> computedParameters() {
    return computed.computations();
  }

  /** All parameters of this module and its descendants, each once, in registration order. */
  public final List<Tensor> parameters() {
    return List.copyOf(namedParameters().values());
  }

  /** Parameters by dotted name; a tensor shared by several modules appears once. */
  public final Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(out, seen, "", true);
    return out;
  }

  /** All buffers of this module and its descendants. */
  public final List<Tensor> buffers() {
    return List.copyOf(namedBuffers().values());
  }

  /** Buffers by dotted name, persistent or not. */
  public final Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(out, seen, "", false);
    return out;
  }

  private void collect(Map<String, Tensor> out, Set<Tensor> seen, String prefix, boolean params) {
    Map<String, Tensor> own = params ? parameters : buffers;
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor t = e.getValue();
      if (t != null && seen.add(t)) {
        out.put(prefix + e.getKey(), t);
      }
    }
    for (Map.Entry<String, Module> c : children.entrySet()) {
      c.getValue().collect(out, seen, prefix + c.getKey() + ".", params);
    }
  }

  /** Direct children in registration order. */
  public final List<Module> children() {
    return List.copyOf(namedChildren().values());
  }

  /** Direct children by name. */
  public final Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(children));
  }

  /** This module and all descendants, depth first, each once. */
  public final List<Module> modules() {
    return List.copyOf(namedModules().values());
  }

  /** This module (under "") and all descendants by dotted path, each once. */
  public final Map<String, Module> namedModules() {
    Map<String, Module> out = new LinkedHashMap<>();
    Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    walk(out, seen, "");
    return out;
  }

  private void walk(Map<String, Module> out, Set<Module> seen, String name) {
    if (!seen.add(this)) {
      return;
    }
    out.put(name, this);
    for (Map.Entry<String, Module> c : children.entrySet()) {
      c.getValue().walk(out, seen, name.isEmpty() ? c.getKey() : name + "." + c.getKey());
    }
  }

  /** Sets training mode on this module and all descendants. */
  public Module train(boolean mode) {
    for (Module m : modules()) {
      m.training = mode;
    }
    return this;
  }

  /** Same as {@code train(true)}. */
  public final Module train() {
    return train(true);
  }

  /** Same as {@code train(false)}: layers such as dropout and batch norm switch to inference. */
  public final Module eval() {
    return train(false);
  }

  /** Whether this module is in training mode. */
  public final boolean isTraining() {
    return training;
  }

  /**
   * Clears the gradients of all parameters: drops them when {@code setToNone}, otherwise fills them
   * with zeros.
   */
  public final void zeroGrad(boolean setToNone) {
    for (Tensor p : parameters()) {
      if (p.grad() == null) {
        continue;
      }
      if (setToNone) {
        p.setGrad(null);
      } else {
        try (GradMode.Scope s = Autograd.noGrad()) {
          p.grad().detach().zero_();
        }
      }
    }
  }

  /** Same as {@code zeroGrad(true)}, PyTorch's default. */
  public final void zeroGrad() {
    zeroGrad(true);
  }

  /** Sets {@code requiresGrad} on every parameter (freezing with false). */
  public final Module requiresGrad_(boolean value) {
    for (Tensor p : parameters()) {
      p.requiresGrad_(value);
    }
    return this;
  }

  /** Calls {@code fn} on every descendant, children first, then on this module. */
  public final Module apply(Consumer<Module> fn) {
    for (Module c : children.values()) {
      c.apply(fn);
    }
    fn.accept(this);
    return this;
  }

  /**
   * Converts every floating parameter and buffer to {@code dtype}, keeping each parameter's
   * requiresGrad flag; gradients are dropped.
   */
  public final Module to(DType dtype) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          describe() + ".to: expected a floating dtype, got " + dtype);
    }
    for (Module m : modules()) {
      m.parameters.replaceAll(
          (k, t) ->
              t == null || t.dtype() == dtype
                  ? t
                  : t.detach().to(dtype).clone().requiresGrad_(t.requiresGrad()));
      m.buffers.replaceAll(
          (k, t) -> t == null || !t.dtype().isFloatingPoint() ? t : t.detach().to(dtype));
    }
    return this;
  }

  /**
   * Parameters and persistent buffers by dotted name, detached (they share storage with the module,
   * like PyTorch's {@code state_dict()}).
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> all = new LinkedHashMap<>();
    collectState(all, "");
    all.replaceAll((k, t) -> t.detach());
    return all;
  }

  private void collectState(Map<String, Tensor> out, String prefix) {
    parameters.forEach(
        (k, t) -> {
          if (t != null) {
            out.put(prefix + k, t);
          }
        });
    buffers.forEach(
        (k, t) -> {
          if (t != null && !nonPersistent.contains(k)) {
            out.put(prefix + k, t);
          }
        });
    children.forEach((k, c) -> c.collectState(out, prefix + k + "."));
  }

  /**
   * Copies {@code state} into this module's parameters and persistent buffers, in place and without
   * recording gradients. A shape-mismatched key always fails the load (as in PyTorch); with {@code
   * strict}, so does a missing or unexpected key. A failing load copies nothing.
   *
   * @return the keys that were missing, unexpected or mismatched (all empty on a clean load)
   * @throws IllegalArgumentException listing every offending key when the load fails
   */
  public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
    Map<String, Tensor> own = new LinkedHashMap<>();
    collectState(own, "");
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor src = state.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
        mismatched.add(
            e.getKey()
                + ": checkpoint shape "
                + Arrays.toString(src.shape())
                + ", module shape "
                + Arrays.toString(e.getValue().shape()));
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String k : state.keySet()) {
      if (!own.containsKey(k)) {
        unexpected.add(k);
      }
    }
    LoadResult result = new LoadResult(missing, unexpected, mismatched);
    if (!mismatched.isEmpty() || (strict && !result.isClean())) {
      throw new IllegalArgumentException(
          "loadStateDict: error(s) loading state dict for " + kind() + ": " + result);
    }
    try (GradMode.Scope s = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : own.entrySet()) {
        Tensor src = state.get(e.getKey());
        if (src != null) {
          e.getValue().copy_(src);
        }
      }
    }
    return result;
  }

  /** Same as {@code loadStateDict(state, true)}. */
  public final LoadResult loadStateDict(Map<String, Tensor> state) {
    return loadStateDict(state, true);
  }

  /**
   * A table of every module (indented by depth, {@code name (Type)}), the shape of its output on a
   * float32 zero input of {@code inputShape}, and the parameters it registers itself, followed by
   * the total, trainable and non-trainable parameter counts; like torchinfo's or Keras's summary.
   * See {@link #summary(Tensor)}.
   *
   * {@snippet :
   * System.out.print(model.summary(1, 784));
   * }
   */
  public final String summary(int... inputShape) {
    return summary(Tensor.zeros(inputShape));
  }

  /**
   * The summary table for a dry run on {@code example}: in eval mode (so no running statistics or
   * random state change; each module's mode is restored afterwards), without recording gradients,
   * with a forward hook on every module that is removed again even when the forward fails. A module
   * run several times shows its first output shape; one not run shows "--".
   */
  public final String summary(Tensor example) {
    Map<Module, Boolean> modes = new IdentityHashMap<>();
    for (Module m : modules()) {
      modes.put(m, m.training);
    }
    eval();
    try {
      return ModelSummary.of(this, example);
    } finally {
      modes.forEach((m, mode) -> m.training = mode);
    }
  }

  /**
   * Whether any forward pre-hook or hook is registered on this module (tests, {@link Sequential}).
   */
  final boolean hasForwardHooks() {
    return !hooks.isEmpty();
  }

  /** Extra text shown inside the parentheses of {@link #toString()}, e.g. layer sizes. */
  protected String extraRepr() {
    return "";
  }

  @Override
  public String toString() {
    if (children.isEmpty()) {
      return kind() + "(" + extraRepr() + ")";
    }
    StringBuilder sb = new StringBuilder(kind()).append("(").append(extraRepr());
    for (Map.Entry<String, Module> c : children.entrySet()) {
      String inner = c.getValue().toString().replace("\n", "\n  ");
      sb.append("\n  (").append(c.getKey()).append("): ").append(inner);
    }
    return sb.append("\n)").toString();
  }
}
