package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/** Pads the last dim with a constant {@code value}, like PyTorch's {@code nn.ConstantPad1d}. */
public final class ConstantPad1d extends PadNd {

  /** The same padding on every side. */
  public ConstantPad1d(int padding, double value) {
    super(1, new int[] {padding}, PadMode.CONSTANT, value);
  }

  /** Padding {@code [left, right]}. */
  public ConstantPad1d(int[] padding, double value) {
    super(1, padding, PadMode.CONSTANT, value);
  }
}
