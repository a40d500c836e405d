package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;

/** 2-d convolution over {@code [N, C, H, W]} inputs, like PyTorch's {@code nn.Conv2d}. */
public final class Conv2d extends ConvNd {

  /** Square kernel, stride 1, no padding, with bias, from the default generator. */
  public Conv2d(int in, int out, int kernel) {
    this(in, out, kernel, ConvOptions.defaults());
  }

  /**
   * Square kernel with {@code options}, with bias, from the default generator, like PyTorch's
   * {@code nn.Conv2d(1, 32, 3, padding=1)}: {@code new Conv2d(1, 32, 3,
   * ConvOptions.defaults().withPadding(1))}.
   */
  public Conv2d(int in, int out, int kernel, ConvOptions options) {
    this(in, out, new int[] {kernel, kernel}, options, true, Generator.defaultGenerator());
  }

  /** A layer with kernel {@code [kh, kw]} and {@code options}, initialised from {@code g}. */
  public Conv2d(int in, int out, int[] kernel, ConvOptions options, boolean bias, Generator g) {
    this(in, out, kernel, options, PadMode.CONSTANT, bias, g);
  }

  /**
   * A layer padding its input in {@code paddingMode} (PyTorch's {@code padding_mode}; {@link
   * PadMode#CONSTANT} pads zeros), initialised from {@code g}.
   */
  public Conv2d(
      int in,
      int out,
      int[] kernel,
      ConvOptions options,
      PadMode paddingMode,
      boolean bias,
      Generator g) {
    super("Conv2d", in, out, kernel("Conv2d", 2, kernel), options, paddingMode, bias, g, false);
  }
}
