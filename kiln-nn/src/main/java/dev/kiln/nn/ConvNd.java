package dev.kiln.nn;

import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Shared state of {@link Conv1d} and {@link Conv2d}: weight {@code [out, in / groups, kernel...]}
 * kaiming-uniform with {@code a = sqrt(5)}, bias uniform in {@code ±1/sqrt(fanIn)}, as in PyTorch.
 */
abstract sealed class ConvNd extends Module permits Conv1d, Conv2d {
  private final ConvOptions options;

  ConvNd(
      String kind, int in, int out, int[] kernel, ConvOptions options, boolean bias, Generator g) {
    if (options.groups() <= 0 || in % options.groups() != 0 || out % options.groups() != 0) {
      throw new IllegalArgumentException(
          kind
              + ": in channels "
              + in
              + " and out channels "
              + out
              + " must both divide by groups "
              + options.groups());
    }
    this.options = options;
    int[] shape = new int[2 + kernel.length];
    shape[0] = out;
    shape[1] = in / options.groups();
    System.arraycopy(kernel, 0, shape, 2, kernel.length);
    Tensor w = Init.kaimingUniform_(Tensor.empty(shape), Math.sqrt(5), g);
    registerParameter("weight", w.requiresGrad_(true));
    Tensor b = null;
    if (bias) {
      double bound = 1 / Math.sqrt(Init.fanIn(w));
      b = Init.uniform_(Tensor.empty(out), -bound, bound, g).requiresGrad_(true);
    }
    registerParameter("bias", b);
  }

  /** The stride, padding, dilation and groups. */
  public final ConvOptions options() {
    return options;
  }

  @Override
  protected final String extraRepr() {
    return "weight="
        + Arrays.toString(parameter("weight").shape())
        + ", stride="
        + Arrays.toString(options.stride())
        + ", padding="
        + (options.paddingMode() != null
            ? options.paddingMode()
            : Arrays.toString(options.padding()))
        + ", groups="
        + options.groups()
        + ", bias="
        + (parameter("bias") != null);
  }
}
