package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Shared state of the convolutions and transposed convolutions: weight {@code [out, in / groups,
 * kernel...]} ({@code [in, out / groups, kernel...]} when transposed) kaiming-uniform with {@code a
 * = sqrt(5)}, bias uniform in {@code ±1/sqrt(fanIn)} of that weight, as in PyTorch. A padding mode
 * other than {@link PadMode#CONSTANT} (zeros) pads the input that way first, as PyTorch's {@code
 * padding_mode} does (convolutions only).
 */
abstract sealed class ConvNd extends Module
    permits Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d {
  private final int inChannels;
  private final int spatial;
  private final boolean transposed;
  private final ConvOptions options;
  private final PadMode paddingMode;

  ConvNd(
      String kind,
      int in,
      int out,
      int[] kernel,
      ConvOptions options,
      PadMode paddingMode,
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
    this.paddingMode = paddingMode;
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
    return apply(input, options);
  }

  /**
   * A transposed convolution whose output has spatial size {@code outputSize} (the spatial sizes,
   * or the whole output shape), reached with the output padding PyTorch's {@code forward(input,
   * output_size)} picks.
   *
   * @throws IllegalArgumentException when a size is not between the smallest output and that plus
   *     {@code stride - 1}
   */
  final Tensor forwardTo(Tensor input, int[] outputSize) {
    LayerChecks.channels(this, input, spatial, inChannels, true);
    int[] want =
        outputSize.length == spatial
            ? outputSize
            : Arrays.copyOfRange(outputSize, outputSize.length - spatial, outputSize.length);
    if (outputSize.length != spatial && outputSize.length != input.dim()) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected an output size of "
              + spatial
              + " or "
              + input.dim()
              + " sizes, got "
              + Arrays.toString(outputSize));
    }
    int[] outputPadding = new int[spatial];
    for (int d = 0; d < spatial; d++) {
      int in = input.size(input.dim() - spatial + d);
      int k = parameter("weight").size(2 + d);
      int stride = at(options.stride(), d);
      int smallest =
          (in - 1) * stride
              - 2 * at(options.padding(), d)
              + at(options.dilation(), d) * (k - 1)
              + 1;
      outputPadding[d] = want[d] - smallest;
      if (outputPadding[d] < 0 || outputPadding[d] >= stride) {
        throw new IllegalArgumentException(
            LayerChecks.name(this)
                + ": requested output size "
                + Arrays.toString(want)
                + " is not reachable: spatial dim "
                + d
                + " must be in ["
                + smallest
                + ", "
                + (smallest + stride - 1)
                + "] for input shape "
                + Arrays.toString(input.shape()));
      }
    }
    return apply(input, options.withOutputPadding(outputPadding));
  }

  /**
   * The padding in {@link Tensor#pad} order (last dim first, before and after), from the explicit
   * padding or from {@code "same"} (total {@code dilation * (kernel - 1)}, the odd one after).
   */
  private int[] explicitPadding(Tensor w) {
    int[] pad = new int[2 * spatial];
    for (int d = 0; d < spatial; d++) {
      int i = 2 * (spatial - 1 - d);
      if ("same".equals(options.paddingMode())) {
        int total = at(options.dilation(), d) * (w.size(2 + d) - 1);
        pad[i] = total / 2;
        pad[i + 1] = total - total / 2;
      } else if (options.paddingMode() == null) {
        pad[i] = at(options.padding(), d);
        pad[i + 1] = pad[i];
      }
    }
    return pad;
  }

  /** Value {@code d} of a one-value-or-per-dim option. */
  private static int at(int[] option, int d) {
    return option[option.length == 1 ? 0 : d];
  }

  private Tensor apply(Tensor input, ConvOptions o) {
    Tensor w = parameter("weight");
    Tensor b = parameter("bias");
    if (paddingMode != PadMode.CONSTANT) {
      input = input.pad(explicitPadding(w), paddingMode, 0);
      o = o.withPadding(0);
    }
    if (transposed) {
      return spatial == 1
          ? Tensor.convTranspose1d(input, w, b, o)
          : Tensor.convTranspose2d(input, w, b, o);
    }
    return switch (spatial) {
      case 1 -> Tensor.conv1d(input, w, b, o);
      case 2 -> Tensor.conv2d(input, w, b, o);
      default -> Tensor.conv3d(input, w, b, o);
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
        + (paddingMode == PadMode.CONSTANT ? "" : ", paddingMode=" + paddingMode)
        + ", groups="
        + options.groups()
        + ", bias="
        + (parameter("bias") != null);
  }
}
