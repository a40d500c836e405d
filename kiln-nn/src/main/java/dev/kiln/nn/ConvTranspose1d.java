package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * 1-d transposed convolution over {@code [N, C, L]} inputs, like PyTorch's {@code
 * nn.ConvTranspose1d}: weight {@code [in, out / groups, k]}; stride, padding, output padding,
 * dilation and groups from the {@link ConvOptions}.
 */
public final class ConvTranspose1d extends ConvNd {

  /** Stride 1, no padding, with bias, from the default generator. */
  public ConvTranspose1d(int in, int out, int kernel) {
    this(in, out, kernel, ConvOptions.defaults(), true, Generator.defaultGenerator());
  }

  /** A layer with {@code options}, initialised from {@code g}. */
  public ConvTranspose1d(
      int in, int out, int kernel, ConvOptions options, boolean bias, Generator g) {
    super("ConvTranspose1d", in, out, new int[] {kernel}, options, PadMode.CONSTANT, bias, g, true);
  }

  /**
   * The output of length {@code outputSize}, like PyTorch's {@code forward(input, output_size)}:
   * the output padding is chosen to reach it.
   *
   * @throws IllegalArgumentException when that size is not reachable with these options
   */
  public Tensor forward(Tensor input, int outputSize) {
    return forwardTo(input, new int[] {outputSize});
  }
}
