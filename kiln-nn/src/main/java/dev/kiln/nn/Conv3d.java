package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;

/** 3-d convolution over {@code [N, C, D, H, W]} inputs, like PyTorch's {@code nn.Conv3d}. */
public final class Conv3d extends ConvNd {

  /** Cubic kernel, stride 1, no padding, with bias, from the default generator. */
  public Conv3d(int in, int out, int kernel) {
    this(
        in,
        out,
        new int[] {kernel, kernel, kernel},
        ConvOptions.defaults(),
        true,
        Generator.defaultGenerator());
  }

  /** A layer with kernel {@code [kd, kh, kw]} and {@code options}, initialised from {@code g}. */
  public Conv3d(int in, int out, int[] kernel, ConvOptions options, boolean bias, Generator g) {
    this(in, out, kernel, options, PadMode.CONSTANT, bias, g);
  }

  /**
   * A layer padding its input in {@code paddingMode} (PyTorch's {@code padding_mode}; {@link
   * PadMode#CONSTANT} pads zeros), initialised from {@code g}.
   */
  public Conv3d(
      int in,
      int out,
      int[] kernel,
      ConvOptions options,
      PadMode paddingMode,
      boolean bias,
      Generator g) {
    super("Conv3d", in, out, kernel("Conv3d", 3, kernel), options, paddingMode, bias, g, false);
  }
}
