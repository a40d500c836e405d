package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;

/** 1-d convolution over {@code [N, C, L]} inputs, like PyTorch's {@code nn.Conv1d}. */
public final class Conv1d extends ConvNd {

  /** Stride 1, no padding, with bias, from the default generator. */
  public Conv1d(int in, int out, int kernel) {
    this(in, out, kernel, ConvOptions.defaults(), true, Generator.defaultGenerator());
  }

  /** A layer with {@code options}, initialised from {@code g}. */
  public Conv1d(int in, int out, int kernel, ConvOptions options, boolean bias, Generator g) {
    this(in, out, kernel, options, PadMode.CONSTANT, bias, g);
  }

  /**
   * A layer padding its input in {@code paddingMode} (PyTorch's {@code padding_mode}; {@link
   * PadMode#CONSTANT} pads zeros), initialised from {@code g}.
   */
  public Conv1d(
      int in,
      int out,
      int kernel,
      ConvOptions options,
      PadMode paddingMode,
      boolean bias,
      Generator g) {
    super("Conv1d", in, out, new int[] {kernel}, options, paddingMode, bias, g, false);
  }
}
