package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/**
 * Pads the last 3 dims by repeating their edge values, like PyTorch's {@code nn.ReplicationPad3d}.
 */
public final class ReplicationPad3d extends PadNd {

  /** The same padding on every side. */
  public ReplicationPad3d(int padding) {
    super(3, new int[] {padding}, PadMode.REPLICATE, 0);
  }

  /** Padding {@code [left, right, top, bottom, front, back]}. */
  public ReplicationPad3d(int[] padding) {
    super(3, padding, PadMode.REPLICATE, 0);
  }
}
