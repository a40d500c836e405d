package dev.kiln.optim;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Base of the optimizers, like PyTorch's {@code torch.optim.Optimizer}: parameter groups with
 * per-group options, per-parameter state tensors, {@link #step()} under {@code noGrad} with
 * in-place updates, and a state dict keyed by parameter position.
 */
public abstract class Optimizer {
  private final String name;
  private final List<ParamGroup> groups = new ArrayList<>();
  private final Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();

  /**
   * @throws IllegalArgumentException for an empty parameter list, a non-leaf or non-floating
   *     parameter, or a parameter in two places
   */
  protected Optimizer(String name, List<ParamGroup> groups, Map<String, Double> defaults) {
    this.name = name;
    if (groups.isEmpty() || groups.stream().allMatch(g -> g.params().isEmpty())) {
      throw new IllegalArgumentException(name + ": got an empty parameter list");
    }
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ParamGroup g : groups) {
      for (Tensor p : g.params()) {
        if (!p.isLeaf()) {
          throw new IllegalArgumentException(
              name + ": can't optimize a non-leaf tensor (shape " + shape(p) + ")");
        }
        if (!p.dtype().isFloatingPoint()) {
          throw new IllegalArgumentException(
              name + ": parameters must be floating point, got " + p.dtype());
        }
        if (!seen.add(p)) {
          throw new IllegalArgumentException(
              name + ": a parameter (shape " + shape(p) + ") appears more than once");
        }
      }
      g.fillDefaults(defaults);
      this.groups.add(g);
    }
  }

  /**
   * Checks every group's options against {@code ok}.
   *
   * @throws IllegalArgumentException naming the optimizer, {@code expected} and the options
   */
  protected final void requireOptions(String expected, Predicate<ParamGroup> ok) {
    for (ParamGroup g : groups) {
      if (!ok.test(g)) {
        throw new IllegalArgumentException(
            name + ": expected " + expected + ", got " + g.options());
      }
    }
  }

  /** The optimizer's name, as used in errors. */
  protected final String name() {
    return name;
  }

  private static String shape(Tensor p) {
    return Arrays.toString(p.shape());
  }

  /** One group holding all of {@code params}. */
  protected static List<ParamGroup> single(List<Tensor> params) {
    return List.of(new ParamGroup(params));
  }

  /** The parameter groups (their options are mutable). */
  public final List<ParamGroup> paramGroups() {
    return Collections.unmodifiableList(groups);
  }

  /** Drops ({@code setToNone}) or zeroes every parameter's gradient. */
  public final void zeroGrad(boolean setToNone) {
    for (ParamGroup g : groups) {
      for (Tensor p : g.params()) {
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
  }

  /** Same as {@code zeroGrad(true)}. */
  public final void zeroGrad() {
    zeroGrad(true);
  }

  /** Updates every parameter that has a gradient, in place and without recording. */
  public final void step() {
    try (GradMode.Scope s = Autograd.noGrad()) {
      for (ParamGroup g : groups) {
        for (Tensor p : g.params()) {
          if (p.grad() != null) {
            update(g, p, p.grad().detach(), stateOf(p));
          }
        }
      }
    }
  }

  /**
   * Evaluates {@code closure} (which recomputes the loss and its gradients) with grad mode on, then
   * {@link #step()}s, like PyTorch's {@code optimizer.step(closure)}; returns the closure's loss.
   */
  public Tensor step(Supplier<Tensor> closure) {
    Tensor loss;
    try (GradMode.Scope s = Autograd.enableGrad()) {
      loss = closure.get();
    }
    step();
    return loss;
  }

  /** The state of {@code param} (created empty on first use), for optimizers with global state. */
  protected final Map<String, Tensor> stateOf(Tensor param) {
    return state.computeIfAbsent(param, k -> new LinkedHashMap<>());
  }

  /**
   * Whether a saved state tensor fits its parameter when loading: 0-dim, or the parameter's shape.
   * Optimizers with other state layouts (LBFGS's flat vectors) override this.
   */
  protected boolean stateFits(Tensor param, String key, Tensor value) {
    return value.dim() == 0 || Arrays.equals(value.shape(), param.shape());
  }

  /**
   * Updates {@code param} in place from {@code grad} with the options of {@code group}; {@code
   * state} is this parameter's state, empty on its first step.
   */
  protected abstract void update(
      ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state);

  /**
   * The state by parameter position (counting through the groups in order) and each group's
   * options; tensors are copies.
   */
  public final OptimizerState stateDict() {
    Map<Integer, Map<String, Tensor>> out = new LinkedHashMap<>();
    List<Map<String, Double>> options = new ArrayList<>();
    int index = 0;
    for (ParamGroup g : groups) {
      options.add(g.options());
      for (Tensor p : g.params()) {
        Map<String, Tensor> st = state.get(p);
        if (st != null) {
          Map<String, Tensor> copy = new LinkedHashMap<>();
          st.forEach((k, v) -> copy.put(k, v.clone()));
          out.put(index, copy);
        }
        index++;
      }
    }
    return new OptimizerState(out, options);
  }

  /**
   * Restores state and group options saved by {@link #stateDict()} of an optimizer over parameters
   * of the same shapes; nothing changes when it fails.
   *
   * @throws IllegalArgumentException when the group count differs, a parameter index is out of
   *     range, or a non-scalar state tensor's shape differs from its parameter's
   */
  public final void loadStateDict(OptimizerState saved) {
    if (saved.groupOptions().size() != groups.size()) {
      throw new IllegalArgumentException(
          name
              + ".loadStateDict: saved state has "
              + saved.groupOptions().size()
              + " parameter groups, optimizer has "
              + groups.size());
    }
    List<Tensor> all = new ArrayList<>();
    groups.forEach(g -> all.addAll(g.params()));
    for (Map.Entry<Integer, Map<String, Tensor>> e : saved.state().entrySet()) {
      if (e.getKey() < 0 || e.getKey() >= all.size()) {
        throw new IllegalArgumentException(
            name + ".loadStateDict: state for parameter " + e.getKey() + " of " + all.size());
      }
      Tensor p = all.get(e.getKey());
      for (Map.Entry<String, Tensor> t : e.getValue().entrySet()) {
        if (!stateFits(p, t.getKey(), t.getValue())) {
          throw new IllegalArgumentException(
              name
                  + ".loadStateDict: state '"
                  + t.getKey()
                  + "' of parameter "
                  + e.getKey()
                  + " has shape "
                  + shape(t.getValue())
                  + ", parameter has "
                  + shape(p));
        }
      }
    }
    Map<Tensor, Map<String, Tensor>> fresh = new IdentityHashMap<>();
    saved
        .state()
        .forEach(
            (i, st) -> {
              Map<String, Tensor> copy = new LinkedHashMap<>();
              st.forEach((k, v) -> copy.put(k, v.clone()));
              fresh.put(all.get(i), copy);
            });
    for (int i = 0; i < groups.size(); i++) {
      saved.groupOptions().get(i).forEach(groups.get(i)::set);
    }
    state.clear();
    state.putAll(fresh);
  }
}
