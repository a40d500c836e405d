package dev.kiln.autograd;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One recorded op in the autograd graph (PyTorch's {@code grad_fn}): its name (for errors), an edge
 * per input, the inputs and output it may read in backward (each with the version it had when the
 * op ran), and its {@link Derivative}. The engine releases the saved tensors after running the node
 * unless the graph is retained.
 */
public final class Node {
  private final String name;
  private final Derivative derivative;
  private final Edge[] next;
  private final int[][] inputShapes;
  private final DType[] inputDTypes;
  private Tensor[] inputs;
  private final int[] inputVersions;
  private Tensor output;
  private int outputVersion;
  private boolean released;
  private List<UnaryOperator<Tensor>> hooks;
  private Tensor retained;
  private final Throwable forwardTrace;
  private final boolean builtIn;

  Node(String name, Derivative derivative, Tensor[] inputs) {
    this.name = name;
    this.forwardTrace =
        AnomalyMode.isEnabled()
            ? new Throwable("forward call of " + name + " (anomaly mode)")
            : null;
    this.derivative = derivative;
    this.builtIn =
        derivative.getClass().getName().startsWith("dev.kiln.")
            && !(derivative instanceof CustomFunction.UserBackward);
    this.inputs = inputs;
    int n = inputs.length;
    this.next = new Edge[n];
    this.inputShapes = new int[n][];
    this.inputDTypes = new DType[n];
    this.inputVersions = new int[n];
    for (int i = 0; i < n; i++) {
      next[i] = Edge.of(inputs[i]);
      inputShapes[i] = inputs[i].shape();
      inputDTypes[i] = inputs[i].dtype();
      inputVersions[i] = inputs[i].version();
    }
  }

  void setOutput(Tensor out) {
    this.output = out;
    this.outputVersion = out.version();
  }

  /** The recorded op's name, e.g. {@code "exp"}. */
  public String name() {
    return name;
  }

  /** Number of inputs of the op. */
  public int inputCount() {
    return next.length;
  }

  /** Whether input {@code i} needs a gradient (it requires grad); the needed-inputs mask. */
  public boolean needsGrad(int i) {
    return next[i] != null;
  }

  /** The shape input {@code i} had (kept after the saved tensors are released). */
  public int[] inputShape(int i) {
    return inputShapes[i].clone();
  }

  /**
   * Input {@code i} as the op saw it.
   *
   * @throws IllegalStateException when it was modified in place since, or the graph was freed
   */
  public Tensor input(int i) {
    checkSaved();
    return checkVersion(inputs[i], inputVersions[i], "input " + i);
  }

  /**
   * The op's output as the op produced it.
   *
   * @throws IllegalStateException when it was modified in place since, or the graph was freed
   */
  public Tensor output() {
    checkSaved();
    return checkVersion(output, outputVersion, "output 0");
  }

  private void checkSaved() {
    if (released) {
      throw new IllegalStateException(
          "Trying to backward through the graph a second time (or directly access saved tensors"
              + " after they have already been freed): the saved tensors of "
              + name
              + " were freed by the previous backward; specify retainGraph=true if you need to"
              + " backward through the graph a second time");
    }
  }

  private Tensor checkVersion(Tensor t, int expected, String what) {
    if (t.version() != expected) {
      throw new IllegalStateException(
          "one of the variables needed for gradient computation has been modified by an inplace"
              + " operation: ["
              + t.dtype()
              + " "
              + Shapes.str(t.shape())
              + "], which is "
              + what
              + " of "
              + name
              + ", is at version "
              + t.version()
              + "; expected version "
              + expected
              + " instead");
    }
    return t;
  }

  Edge edge(int i) {
    return next[i];
  }

  /** Registers a hook on the gradient of this node's output (a non-leaf tensor's hook). */
  HookHandle addHook(UnaryOperator<Tensor> hook) {
    if (hooks == null) {
      hooks = new ArrayList<>();
    }
    hooks.add(hook);
    return () -> hooks.remove(hook);
  }

  /** Makes backward store the gradient of this node's output in {@code t.grad()}. */
  void retainGradOf(Tensor t) {
    retained = t;
  }

  /**
   * Whether the derivative is Kiln's own: it keeps no gradient it is given or returns (a custom
   * function's or an {@link Autograd#record} caller's may).
   */
  boolean isBuiltIn() {
    return builtIn;
  }

  /** Whether hooks or {@code retainGrad} see the incoming gradient (and may keep it). */
  boolean exposesGradient() {
    return (hooks != null && !hooks.isEmpty()) || retained != null;
  }

  /** Runs the output hooks and retainGrad on the incoming gradient. */
  Tensor preprocess(Tensor grad) {
    Tensor g = grad;
    if (hooks != null) {
      for (UnaryOperator<Tensor> h : List.copyOf(hooks)) {
        Tensor r = h.apply(g);
        g = r == null ? g : r;
      }
    }
    if (retained != null) {
      Tensor old = retained.grad();
      retained.setGrad(old == null ? g.detach() : old.add(g).detach());
    }
    return g;
  }

  /**
   * Runs the derivative and checks each gradient against its input's shape; in anomaly mode an
   * error carries the forward's stack trace, and NaN gradients fail.
   */
  Tensor[] run(Tensor grad) {
    checkSaved();
    Tensor[] grads;
    try {
      grads = derivative.apply(this, grad);
    } catch (RuntimeException e) {
      if (forwardTrace != null) {
        e.addSuppressed(forwardTrace);
      }
      throw e;
    }
    if (AnomalyMode.isEnabled()) {
      checkNaN(grads);
    }
    for (int i = 0; i < next.length; i++) {
      Tensor g = i < grads.length ? grads[i] : null;
      if (next[i] == null || g == null) {
        continue;
      }
      if (!java.util.Arrays.equals(g.shape(), inputShapes[i])) {
        throw new IllegalStateException(
            "backward of "
                + name
                + " returned an invalid gradient at index "
                + i
                + ": got shape "
                + Shapes.str(g.shape())
                + " but expected shape "
                + Shapes.str(inputShapes[i]));
      }
      if (g.dtype() != inputDTypes[i]) {
        grads[i] = g.to(inputDTypes[i]);
      }
    }
    return grads;
  }

  private void checkNaN(Tensor[] grads) {
    for (int i = 0; i < grads.length; i++) {
      if (grads[i] != null && grads[i].isnan().any().itemBool()) {
        IllegalStateException e =
            new IllegalStateException(
                "backward of " + name + " returned nan values in its gradient for input " + i);
        if (forwardTrace != null) {
          e.addSuppressed(forwardTrace);
        }
        throw e;
      }
    }
  }

  /** Frees the saved tensors (after a backward that does not retain the graph). */
  void release() {
    released = true;
    inputs = null;
    output = null;
  }

  @Override
  public String toString() {
    return name + "Backward";
  }
}
