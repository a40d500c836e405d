package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/**
 * Pads the last 3 dims with their mirror image, the edge not repeated, like PyTorch's {@code
 * nn.ReflectionPad3d}.
 */
public final class ReflectionPad3d extends PadNd {

  /** The same padding on every side. */
  public ReflectionPad3d(int padding) {
    super(3, new int[] {padding}, PadMode.REFLECT, 0);
  }

  /** Padding {@code [left, right, top, bottom, front, back]}. */
  public ReflectionPad3d(int[] padding) {
    super(3, padding, PadMode.REFLECT, 0);
  }
}
