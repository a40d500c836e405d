package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;

/** Pads the last dim by repeating its edge value, like PyTorch's {@code nn.ReplicationPad1d}. */
public final class ReplicationPad1d extends PadNd {

  /** The same padding on every side. */
  public ReplicationPad1d(int padding) {
    super(1, new int[] {padding}, PadMode.REPLICATE, 0);
  }

  /** Padding {@code [left, right]}. */
  public ReplicationPad1d(int[] padding) {
    super(1, padding, PadMode.REPLICATE, 0);
  }
}
