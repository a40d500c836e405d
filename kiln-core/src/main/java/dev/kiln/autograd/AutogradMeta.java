package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Autograd's per-tensor record, created the first time autograd touches a tensor: the node that
 * produced it ({@code grad_fn}, null for a leaf) and the hooks of a leaf. Internal to autograd;
 * users go through {@link Tensor#gradFn()}, {@link Tensor#registerHook} and friends.
 */
public final class AutogradMeta {
  private Node gradFn;
  private List<UnaryOperator<Tensor>> hooks;
  private List<Consumer<Tensor>> postAccumulateHooks;

  /** An empty record (a leaf with no hooks). */
  public AutogradMeta() {}

  /** The node that produced the tensor, or null for a leaf. */
  public Node gradFn() {
    return gradFn;
  }

  void setGradFn(Node node) {
    this.gradFn = node;
  }

  HookHandle addHook(UnaryOperator<Tensor> hook) {
    if (hooks == null) {
      hooks = new ArrayList<>();
    }
    hooks.add(hook);
    return () -> hooks.remove(hook);
  }

  HookHandle addPostAccumulateHook(Consumer<Tensor> hook) {
    if (postAccumulateHooks == null) {
      postAccumulateHooks = new ArrayList<>();
    }
    postAccumulateHooks.add(hook);
    return () -> postAccumulateHooks.remove(hook);
  }

  /** Runs a leaf's gradient hooks (each may replace the gradient). */
  Tensor applyHooks(Tensor grad) {
    Tensor g = grad;
    if (hooks != null) {
      for (UnaryOperator<Tensor> h : List.copyOf(hooks)) {
        Tensor r = h.apply(g);
        g = r == null ? g : r;
      }
    }
    return g;
  }

  /** Runs a leaf's post-accumulate hooks on the tensor whose {@code .grad()} was just updated. */
  void afterAccumulate(Tensor leaf) {
    if (postAccumulateHooks != null) {
      for (Consumer<Tensor> h : List.copyOf(postAccumulateHooks)) {
        h.accept(leaf);
      }
    }
  }
}
