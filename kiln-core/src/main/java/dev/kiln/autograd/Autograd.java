package dev.kiln.autograd;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The autograd entry points: {@link #grad} (gradients without touching {@code .grad()}), the
 * backward behind {@link Tensor#backward()}, grad-mode scopes, and the recording calls ops make.
 * Recording costs one field read per input when nothing requires grad.
 *
 * {@snippet :
 * Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad_(true);
 * Tensor y = x.mul(x).sum();
 * Tensor[] g = Autograd.grad(new Tensor[] {y}, new Tensor[] {x}, null, false, false, false);
 * // g[0] is [2, 4]
 * }
 */
public final class Autograd {
  private Autograd() {}

  /** Disables recording until the scope closes (see {@link GradMode#noGrad()}). */
  public static GradMode.Scope noGrad() {
    return GradMode.noGrad();
  }

  /** Enables recording until the scope closes. */
  public static GradMode.Scope enableGrad() {
    return GradMode.enableGrad();
  }

  /** Inference mode until the scope closes. */
  public static GradMode.Scope inferenceMode() {
    return GradMode.inferenceMode();
  }

  /**
   * The gradients of {@code outputs} with respect to {@code inputs}, summed over outputs; leaves'
   * {@code .grad()} are not touched.
   *
   * @param gradOutputs one gradient per output (null, or null entries, for scalar outputs)
   * @param retainGraph keep the saved tensors for another backward
   * @param createGraph record the backward itself, for higher-order derivatives
   * @param allowUnused give null for an input the outputs do not depend on (else fail)
   */
  public static Tensor[] grad(
      Tensor[] outputs,
      Tensor[] inputs,
      Tensor[] gradOutputs,
      boolean retainGraph,
      boolean createGraph,
      boolean allowUnused) {
    Tensor[] seeds = gradOutputs == null ? new Tensor[outputs.length] : gradOutputs;
    checkCount(outputs, seeds);
    Tensor[] out = Engine.grad(outputs, seeds, inputs, retainGraph || createGraph, createGraph);
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null && !allowUnused) {
        throw new IllegalStateException(
            "grad: one of the differentiated tensors (input "
                + i
                + ", shape "
                + Shapes.str(inputs[i].shape())
                + ") appears to not have been used in the graph; set allowUnused=true if this is"
                + " the desired behavior");
      }
    }
    return out;
  }

  /** The gradient of a scalar {@code output} with respect to each input (graph freed). */
  public static Tensor[] grad(Tensor output, Tensor... inputs) {
    return grad(new Tensor[] {output}, inputs, null, false, false, false);
  }

  /**
   * Accumulates the gradients of {@code outputs} into the leaves' {@code .grad()}.
   *
   * @param gradOutputs one gradient per output (null, or null entries, for scalar outputs)
   */
  public static void backward(
      Tensor[] outputs, Tensor[] gradOutputs, boolean retainGraph, boolean createGraph) {
    Tensor[] seeds = gradOutputs == null ? new Tensor[outputs.length] : gradOutputs;
    checkCount(outputs, seeds);
    Engine.backward(outputs, seeds, retainGraph || createGraph, createGraph);
  }

  private static void checkCount(Tensor[] outputs, Tensor[] seeds) {
    if (seeds.length != outputs.length) {
      throw new IllegalArgumentException(
          "grad: got " + seeds.length + " gradients for " + outputs.length + " outputs");
    }
  }

  /** The gradient a backward starts from: ones for a scalar, else the given one (checked). */
  static Tensor seed(Tensor root, Tensor given) {
    if (given == null) {
      if (root.numel() != 1) {
        throw new IllegalArgumentException(
            "backward: grad can be implicitly created only for scalar outputs, got shape "
                + Shapes.str(root.shape())
                + "; pass a gradient of that shape");
      }
      return Tensor.onesLike(root);
    }
    if (!Arrays.equals(given.shape(), root.shape())) {
      throw new IllegalArgumentException(
          "backward: mismatch in shape: grad_output has shape "
              + Shapes.str(given.shape())
              + " and output has shape "
              + Shapes.str(root.shape()));
    }
    return given.dtype() == root.dtype() ? given : given.to(root.dtype());
  }

  /** Adds {@code g} (after the leaf's hooks) into {@code leaf.grad()}, then runs its post-hooks. */
  static void accumulate(Tensor leaf, Tensor g) {
    AutogradMeta meta = leaf.autogradMeta();
    Tensor h = meta.applyHooks(g);
    Tensor old = leaf.grad();
    // a first gradient may be an expanded view (sum's backward): store it with its own memory
    Tensor sum = old == null ? h.contiguous() : old.add(h);
    leaf.setGrad(GradMode.isEnabled() ? sum : sum.detach());
    meta.afterAccumulate(leaf);
  }

  // ---- hooks ----

  /** See {@link Tensor#retainGrad()}. */
  public static void retainGrad(Tensor t) {
    requireGrad("retainGrad", t);
    if (t.gradFn() != null) {
      t.gradFn().retainGradOf(t);
    }
  }

  /** See {@link Tensor#registerHook}. */
  public static HookHandle registerHook(Tensor t, UnaryOperator<Tensor> hook) {
    requireGrad("registerHook", t);
    Node fn = t.gradFn();
    return fn != null ? fn.addHook(hook) : t.autogradMeta().addHook(hook);
  }

  /** See {@link Tensor#registerPostAccumulateGradHook}. */
  public static HookHandle registerPostAccumulateGradHook(Tensor t, Consumer<Tensor> hook) {
    requireGrad("registerPostAccumulateGradHook", t);
    if (t.gradFn() != null) {
      throw new IllegalArgumentException(
          "registerPostAccumulateGradHook: post accumulate grad hooks cannot be registered on"
              + " non-leaf tensors (this one comes from "
              + t.gradFn().name()
              + ")");
    }
    return t.autogradMeta().addPostAccumulateHook(hook);
  }

  private static void requireGrad(String op, Tensor t) {
    if (!t.requiresGrad()) {
      throw new IllegalStateException(
          op + ": cannot register a hook on a tensor that doesn't require gradient");
    }
  }

  // ---- recording, called by ops ----

  /**
   * Whether {@code grad} is the gradient the running backward pass has just handed to a built-in
   * derivative and will discard when it returns: the derivative may then overwrite it and return it
   * as its own result (ReLU's backward does, saving a new array and a pass over memory).
   */
  public static boolean isDonated(Tensor grad) {
    return Engine.donated() == grad;
  }

  /** Whether an op on {@code a} must record a node (it requires grad and grad mode is on). */
  public static boolean isRecording(Tensor a) {
    return a.requiresGrad() && GradMode.isEnabled();
  }

  /** Whether an op on {@code a} and {@code b} must record a node. */
  public static boolean isRecording(Tensor a, Tensor b) {
    return (a.requiresGrad() || b.requiresGrad()) && GradMode.isEnabled();
  }

  /** Whether an op on {@code ts} (null entries are absent operands) must record a node. */
  public static boolean isRecording(Tensor... ts) {
    for (Tensor t : ts) {
      if (t != null && t.requiresGrad()) {
        return GradMode.isEnabled();
      }
    }
    return false;
  }

  /**
   * Fails, naming the op, when the op would be recorded: for cases that have no derivative (as in
   * PyTorch: {@code qr} in mode "r", full-matrices {@code svd} of non-square inputs), so that a
   * gradient is never silently missing. Call it under {@link #noGrad()} or on detached inputs to
   * run the op without a gradient.
   */
  public static void refuseRecording(String op, Tensor... inputs) {
    if (isRecording(inputs)) {
      throw new UnsupportedOperationException(
          op
              + " has no derivative (PyTorch refuses it too); run it under Autograd.noGrad() or"
              + " on detached inputs");
    }
  }

  /**
   * Makes {@code out} the result of op {@code name} on {@code inputs} in the graph, when some input
   * requires grad, grad mode is on and {@code out} is floating; returns {@code out}.
   */
  public static Tensor record(String name, Tensor out, Derivative derivative, Tensor... inputs) {
    if (!isRecording(inputs) || !out.dtype().isFloatingPoint()) {
      return out;
    }
    for (Tensor in : inputs) {
      if (in == out) {
        return out;
      }
    }
    Node node = new Node(name, derivative, inputs);
    attach(out, node);
    return out;
  }

  /**
   * Records an in-place op that has just written into {@code target}: the target's history is
   * rebased onto a new node whose inputs (the target among them, by its old history) are {@code
   * inputs}.
   *
   * @throws UnsupportedOperationException when the target is a view (write through {@code copy_})
   */
  public static Tensor recordInPlace(
      String name, Tensor target, Derivative derivative, Tensor... inputs) {
    if (!isRecording(inputs) || !target.dtype().isFloatingPoint()) {
      return target;
    }
    if (target.viewBase() != null) {
      throw new UnsupportedOperationException(
          name
              + "_: autograd does not record this in-place op on a view; apply the out-of-place"
              + " form and copy_ the result into the view");
    }
    attach(target, new Node(name, derivative, inputs));
    return target;
  }

  private static void attach(Tensor out, Node node) {
    out.autogradMeta().setGradFn(node);
    out.requiresGrad_(true);
    node.setOutput(out);
  }

  /**
   * Refuses an in-place write into {@code target} that autograd cannot allow: a leaf that requires
   * grad (or a view of one) while grad mode is on.
   */
  public static void checkInPlace(String op, Tensor target) {
    if (!GradMode.isEnabled()) {
      return;
    }
    Tensor base = target.viewBase();
    if (target.requiresGrad() && target.gradFn() == null) {
      throw new IllegalStateException(
          op
              + ": a leaf tensor that requires grad is being used in an in-place operation; wrap"
              + " the update in Autograd.noGrad() or work on a clone()");
    }
    if (base != null && base.requiresGrad() && base.gradFn() == null) {
      throw new IllegalStateException(
          op
              + ": a view of a leaf tensor that requires grad is being used in an in-place"
              + " operation; wrap the update in Autograd.noGrad() or work on a clone()");
    }
  }

  /**
   * Records the in-place copy of {@code src} into {@code target} (already written): the target's
   * old history is cut, and when the target is a view, its base's history is rebased onto a node
   * that takes the written region from {@code src} and the rest from the base's old value.
   */
  public static void recordCopy(String op, Tensor target, Tensor src) {
    Tensor base = target.viewBase();
    boolean baseTracked = base != null && base.requiresGrad();
    if (!GradMode.isEnabled() || !(src.requiresGrad() || target.requiresGrad() || baseTracked)) {
      return;
    }
    if (!target.dtype().isFloatingPoint() || src == target) {
      return;
    }
    int[] shape = src.shape();
    if (base == null) {
      attach(
          target,
          new Node(
              op, (n, g) -> new Tensor[] {Derivatives.sumToShape(g, shape)}, new Tensor[] {src}));
      return;
    }
    ViewGeometry geo = ViewGeometry.of(base, target);
    Node rebased =
        new Node(
            op,
            (n, g) ->
                new Tensor[] {
                  n.needsGrad(0) ? g.mul(geo.outsideMask(g.dtype())) : null,
                  n.needsGrad(1) ? Derivatives.sumToShape(geo.gatherFrom(g), shape) : null
                },
            new Tensor[] {base, src});
    attach(base, rebased);
    attach(target, new Node("view", geo::scatterBack, new Tensor[] {base}));
  }
}
