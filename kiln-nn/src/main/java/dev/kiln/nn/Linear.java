package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * {@code y = x W^T + b} over the last dimension, like PyTorch's {@code nn.Linear}: weight {@code
 * [out, in]} kaiming-uniform with {@code a = sqrt(5)}, bias uniform in {@code ±1/sqrt(in)}.
 */
public final class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;

  /** A layer with bias, initialised from the default generator. */
  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, true, Generator.defaultGenerator());
  }

  /** A layer initialised from {@code g}; without bias when {@code bias} is false. */
  public Linear(int inFeatures, int outFeatures, boolean bias, Generator g) {
    if (inFeatures < 0 || outFeatures < 0) {
      throw new IllegalArgumentException(
          "Linear: sizes must be non-negative, got in " + inFeatures + ", out " + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    Tensor w = Tensor.empty(outFeatures, inFeatures);
    if (inFeatures > 0) {
      Init.kaimingUniform_(w, Math.sqrt(5), g);
    }
    registerParameter("weight", w.requiresGrad_(true));
    Tensor b = null;
    if (bias) {
      b = Tensor.empty(outFeatures);
      double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      Init.uniform_(b, -bound, bound, g);
      b.requiresGrad_(true);
    }
    registerParameter("bias", b);
  }

  /** Size of each input sample. */
  public int inFeatures() {
    return inFeatures;
  }

  /** Size of each output sample. */
  public int outFeatures() {
    return outFeatures;
  }

  /**
   * @throws IllegalArgumentException when the input's last dimension is not {@code inFeatures}:
   *     {@code "<path>: expected input with last dim <in>, got <actual>"}, the path being the
   *     module's dotted path ({@code encoder.layers.0.linear1}) or {@code Linear} for a root
   */
  @Override
  public Tensor forward(Tensor input) {
    if (input.dim() == 0 || input.size(-1) != inFeatures) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected input with last dim "
              + inFeatures
              + ", got "
              + (input.dim() == 0 ? "a 0-d input" : input.size(-1)));
    }
    return linear(input, parameter("weight"), parameter("bias"));
  }

  /**
   * PyTorch's {@code F.linear}: {@code x w^T + b} over the last dimension of {@code x}, {@code w}
   * of shape {@code [out, in]}, {@code b} of shape {@code [out]} or null. The bias is added inside
   * the product's output ({@code addmm}), so no second output tensor is made.
   */
  public static Tensor linear(Tensor x, Tensor w, Tensor b) {
    if (b == null) {
      return x.matmul(w.t());
    }
    int[] shape = x.shape();
    shape[shape.length - 1] = w.size(0);
    return b.addmm(x.reshape(-1, x.size(-1)), w.t()).view(shape);
  }

  @Override
  protected String extraRepr() {
    return "inFeatures="
        + inFeatures
        + ", outFeatures="
        + outFeatures
        + ", bias="
        + (parameter("bias") != null);
  }
}
