package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/**
 * Pads the last 2 dims with their mirror image, the edge not repeated, like PyTorch's {@code
 * nn.ReflectionPad2d}.
 */
public final class ReflectionPad2d extends PadNd {

  /** The same padding on every side. */
  public ReflectionPad2d(int padding) {
    super(2, new int[] {padding}, PadMode.REFLECT, 0);
  }

  /** Padding {@code [left, right, top, bottom]}. */
  public ReflectionPad2d(int[] padding) {
    super(2, padding, PadMode.REFLECT, 0);
  }
}
