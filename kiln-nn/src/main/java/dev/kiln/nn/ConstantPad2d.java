package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/** Pads the last 2 dims with a constant {@code value}, like PyTorch's {@code nn.ConstantPad2d}. */
public final class ConstantPad2d extends PadNd {

  /** The same padding on every side. */
  public ConstantPad2d(int padding, double value) {
    super(2, new int[] {padding}, PadMode.CONSTANT, value);
  }

  /** Padding {@code [left, right, top, bottom]}. */
  public ConstantPad2d(int[] padding, double value) {
    super(2, padding, PadMode.CONSTANT, value);
  }
}
