package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;

/**
 * A user-defined differentiable op (PyTorch's {@code torch.autograd.Function}): {@link #forward}
 * computes the result (not recorded), {@link #backward} gives one gradient per input. Tensors the
 * backward needs are saved through the {@link Context}, which checks they were not modified in
 * place since.
 *
 * {@snippet :
 * class Cube extends CustomFunction {
 *   protected Tensor forward(Context ctx, Tensor... in) {
 *     ctx.saveForBackward(in[0]);
 *     return in[0].pow(3);
 *   }
 *   protected Tensor[] backward(Context ctx, Tensor grad) {
 *     Tensor x = ctx.savedTensors()[0];
 *     return new Tensor[] {grad.mul(x.square()).mul(3)};
 *   }
 * }
 * Tensor y = new Cube().apply(x);
 * }
 */
public abstract class CustomFunction {
  /** What forward leaves for backward: saved tensors and which inputs need gradients. */
  public static final class Context {
    private final String name;
    private Tensor[] saved = new Tensor[0];
    private int[] versions = new int[0];
    private boolean[] needs = new boolean[0];

    Context(String name) {
      this.name = name;
    }

    /** Saves tensors for backward (inputs or the output), remembering their versions. */
    public void saveForBackward(Tensor... ts) {
      saved = ts.clone();
      versions = new int[ts.length];
      for (int i = 0; i < ts.length; i++) {
        versions[i] = ts[i].version();
      }
    }

    /**
     * The saved tensors.
     *
     * @throws IllegalStateException when one was modified in place after it was saved
     */
    public Tensor[] savedTensors() {
      for (int i = 0; i < saved.length; i++) {
        if (saved[i].version() != versions[i]) {
          throw new IllegalStateException(
              "one of the variables needed for gradient computation has been modified by an"
                  + " inplace operation: saved tensor "
                  + i
                  + " of "
                  + name
                  + " is at version "
                  + saved[i].version()
                  + "; expected version "
                  + versions[i]
                  + " instead");
        }
      }
      return saved.clone();
    }

    /** Whether input {@code i} needs a gradient (backward may return null for the others). */
    public boolean needsInputGrad(int i) {
      return i < needs.length && needs[i];
    }
  }

  /** The name used in errors and as the node's name (the class's simple name by default). */
  protected String name() {
    return getClass().getSimpleName();
  }

  /** Computes the result from the inputs; runs with grad mode off. */
  protected abstract Tensor forward(Context ctx, Tensor... inputs);

  /** One gradient per input (null where none is needed), from the result's gradient. */
  protected abstract Tensor[] backward(Context ctx, Tensor grad);

  /** Runs forward and, when some input requires grad, records backward as the result's node. */
  public final Tensor apply(Tensor... inputs) {
    Context ctx = new Context(name());
    Tensor out;
    try (var scope = GradMode.noGrad()) {
      out = forward(ctx, inputs);
    }
    if (!Autograd.isRecording(inputs)) {
      return out;
    }
    ctx.needs = new boolean[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      ctx.needs[i] = inputs[i].requiresGrad();
      out = out == inputs[i] ? out.detach() : out;
    }
    return Autograd.record(name(), out, new UserBackward(this, ctx, inputs.length), inputs);
  }

  /** A custom function's backward: user code, which may keep the gradients it is given. */
  record UserBackward(CustomFunction f, Context ctx, int inputs) implements Derivative {
    @Override
    public Tensor[] apply(Node node, Tensor grad) {
      return f.checked(f.backward(ctx, grad), inputs);
    }
  }

  private Tensor[] checked(Tensor[] grads, int expected) {
    if (grads == null || grads.length != expected) {
      throw new IllegalStateException(
          name()
              + ".backward returned an incorrect number of gradients (expected "
              + expected
              + ", got "
              + (grads == null ? "null" : grads.length)
              + ")");
    }
    return grads;
  }
}
