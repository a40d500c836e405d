package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code y_k = x1 A_k x2^T + b_k} over the last dims of two inputs, like PyTorch's {@code
 * nn.Bilinear}: weight {@code [out, in1, in2]} and bias {@code [out]} uniform in {@code
 * ±1/sqrt(in1)}.
 */
public final class Bilinear extends Module {
  private final int in1Features;
  private final int in2Features;
  private final int outFeatures;

  /** A layer with bias, initialised from the default generator. */
  public Bilinear(int in1Features, int in2Features, int outFeatures) {
    this(in1Features, in2Features, outFeatures, true, Generator.defaultGenerator());
  }

  /** A layer initialised from {@code g}; without bias when {@code bias} is false. */
  public Bilinear(int in1Features, int in2Features, int outFeatures, boolean bias, Generator g) {
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    double bound = in1Features > 0 ? 1 / Math.sqrt(in1Features) : 0;
    Tensor w = Tensor.empty(outFeatures, in1Features, in2Features);
    registerParameter("weight", Init.uniform_(w, -bound, bound, g).requiresGrad_(true));
    Tensor b = bias ? Init.uniform_(Tensor.empty(outFeatures), -bound, bound, g) : null;
    registerParameter("bias", b == null ? null : b.requiresGrad_(true));
  }

  /**
   * The self-bilinear form {@code forward(input, input)}, for a single-input pipeline (needs {@code
   * in1Features == in2Features}).
   */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, input);
  }

  /**
   * {@code input1 [*, in1]} and {@code input2 [*, in2]} (same leading dims) to {@code [*, out]}.
   *
   * @throws IllegalArgumentException when a last dim or the leading dims do not match
   */
  public Tensor forward(Tensor input1, Tensor input2) {
    if (input1.dim() == 0
        || input2.dim() == 0
        || input1.size(-1) != in1Features
        || input2.size(-1) != in2Features
        || !Arrays.equals(
            Arrays.copyOf(input1.shape(), input1.dim() - 1),
            Arrays.copyOf(input2.shape(), input2.dim() - 1))) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected inputs [*, "
              + in1Features
              + "] and [*, "
              + in2Features
              + "] with the same leading dims, got shapes "
              + Arrays.toString(input1.shape())
              + " and "
              + Arrays.toString(input2.shape()));
    }
    Tensor w = parameter("weight");
    // x1 [*, in1] @ W as [in1, out * in2] -> [*, out, in2], then a dot product with x2 per output.
    Tensor t =
        input1
            .matmul(w.permute(1, 0, 2).reshape(in1Features, outFeatures * in2Features))
            .unflatten(-1, outFeatures, in2Features);
    Tensor y = t.mul(input2.unsqueeze(-2)).sum(-1);
    Tensor b = parameter("bias");
    return b == null ? y : y.add(b);
  }

  @Override
  protected String extraRepr() {
    return "in1Features="
        + in1Features
        + ", in2Features="
        + in2Features
        + ", outFeatures="
        + outFeatures
        + ", bias="
        + (parameter("bias") != null);
  }
}
