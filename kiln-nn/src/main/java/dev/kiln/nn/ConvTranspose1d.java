package dev.kiln.nn;

import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;

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
    super("ConvTranspose1d", in, out, new int[] {kernel}, options, bias, g, true);
  }
}
