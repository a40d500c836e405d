package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/**
 * Pads the last dim with its mirror image, the edge not repeated, like PyTorch's {@code
 * nn.ReflectionPad1d}.
 */
public final class ReflectionPad1d extends PadNd {

  /** The same padding on every side. */
  public ReflectionPad1d(int padding) {
    super(1, new int[] {padding}, PadMode.REFLECT, 0);
  }

  /** Padding {@code [left, right]}. */
  public ReflectionPad1d(int[] padding) {
    super(1, padding, PadMode.REFLECT, 0);
  }
}
