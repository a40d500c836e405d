package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * 2-d transposed convolution over {@code [N, C, H, W]} inputs, like PyTorch's {@code
 * nn.ConvTranspose2d}: weight {@code [in, out / groups, kh, kw]}; stride, padding, output padding,
 * dilation and groups from the {@link ConvOptions}.
 */
public final class ConvTranspose2d extends ConvNd {

  /** Square kernel, stride 1, no padding, with bias, from the default generator. */
  public ConvTranspose2d(int in, int out, int kernel) {
    this(
        in,
        out,
        new int[] {kernel, kernel},
        ConvOptions.defaults(),
        true,
        Generator.defaultGenerator());
  }

  /** A layer with kernel {@code [kh, kw]} and {@code options}, initialised from {@code g}. */
  public ConvTranspose2d(
      int in, int out, int[] kernel, ConvOptions options, boolean bias, Generator g) {
    super(
        "ConvTranspose2d",
        in,
        out,
        kernel("ConvTranspose2d", 2, kernel),
        options,
        PadMode.CONSTANT,
        bias,
        g,
        true);
  }

  /**
   * The output of spatial size {@code outputSize} ({@code [h, w]} or the whole output shape), like
   * PyTorch's {@code forward(input, output_size)}: the output padding is chosen to reach it.
   *
   * @throws IllegalArgumentException when that size is not reachable with these options
   */
  public Tensor forward(Tensor input, int[] outputSize) {
    return forwardTo(input, outputSize);
  }
}
