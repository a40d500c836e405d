package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/** Pads the last 2 dims with zeros, like PyTorch's {@code nn.ZeroPad2d}. */
public final class ZeroPad2d extends PadNd {

  /** The same padding on every side. */
  public ZeroPad2d(int padding) {
    super(2, new int[] {padding}, PadMode.CONSTANT, 0);
  }

  /** Padding {@code [left, right, top, bottom]}. */
  public ZeroPad2d(int[] padding) {
    super(2, padding, PadMode.CONSTANT, 0);
  }
}
