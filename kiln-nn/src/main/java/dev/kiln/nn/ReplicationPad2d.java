package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/**
 * Pads the last 2 dims by repeating their edge values, like PyTorch's {@code nn.ReplicationPad2d}.
 */
public final class ReplicationPad2d extends PadNd {

  /** The same padding on every side. */
  public ReplicationPad2d(int padding) {
    super(2, new int[] {padding}, PadMode.REPLICATE, 0);
  }

  /** Padding {@code [left, right, top, bottom]}. */
  public ReplicationPad2d(int[] padding) {
    super(2, padding, PadMode.REPLICATE, 0);
  }
}
