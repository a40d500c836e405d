package dev.kiln.nn;

import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Shared state of the convolutions and transposed convolutions: weight {@code [out, in / groups,
 * kernel...]} ({@code [in, out / groups, kernel...]} when transposed) kaiming-uniform with {@code a
 * = sqrt(5)}, bias uniform in {@code ±1/sqrt(fanIn)} of that weight, as in PyTorch.
 */
abstract sealed class ConvNd extends Module
    permits Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d {
  private final int inChannels;
  private final int spatial;
  private final boolean transposed;
  private final ConvOptions options;

  ConvNd(
      String kind,
      int in,
      int out,
      int[] kernel,
      ConvOptions options,
      boolean bias,
      Generator g,
      boolean transposed) {
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
    this.inChannels = in;
    this.spatial = kernel.length;
    this.transposed = transposed;
    this.options = options;
    int[] shape = new int[2 + kernel.length];
    shape[0] = transposed ? in : out;
    shape[1] = (transposed ? out : in) / options.groups();
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

  /** {@code kernel} when it has {@code n} sizes, for the subclasses' constructors. */
  static int[] kernel(String kind, int n, int[] kernel) {
    if (kernel.length != n) {
      throw new IllegalArgumentException(
          kind + ": expected a kernel of " + n + " sizes, got " + Arrays.toString(kernel));
    }
    return kernel.clone();
  }

  /** The stride, padding, dilation, groups and output padding. */
  public final ConvOptions options() {
    return options;
  }

  /**
   * Convolves {@code [N, C, *spatial]} or unbatched {@code [C, *spatial]} input.
   *
   * @throws IllegalArgumentException on a wrong rank or channel count, naming the module path
   */
  @Override
  public final Tensor forward(Tensor input) {
    LayerChecks.channels(this, input, spatial, inChannels, true);
    Tensor w = parameter("weight");
    Tensor b = parameter("bias");
    if (transposed) {
      return spatial == 1
          ? Tensor.convTranspose1d(input, w, b, options)
          : Tensor.convTranspose2d(input, w, b, options);
    }
    return switch (spatial) {
      case 1 -> Tensor.conv1d(input, w, b, options);
      case 2 -> Tensor.conv2d(input, w, b, options);
      default -> Tensor.conv3d(input, w, b, options);
    };
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
        + (transposed ? ", outputPadding=" + Arrays.toString(options.outputPadding()) : "")
        + ", groups="
        + options.groups()
        + ", bias="
        + (parameter("bias") != null);
  }
}
