package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/** Pads the last 3 dims with a constant {@code value}, like PyTorch's {@code nn.ConstantPad3d}. */
public final class ConstantPad3d extends PadNd {

  /** The same padding on every side. */
  public ConstantPad3d(int padding, double value) {
    super(3, new int[] {padding}, PadMode.CONSTANT, value);
  }

  /** Padding {@code [left, right, top, bottom, front, back]}. */
  public ConstantPad3d(int[] padding, double value) {
    super(3, padding, PadMode.CONSTANT, value);
  }
}
