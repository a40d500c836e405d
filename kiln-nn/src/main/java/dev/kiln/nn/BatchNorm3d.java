package dev.kiln.nn;

/** Batch normalisation of {@code [N, C, D, H, W]} inputs, like PyTorch's {@code nn.BatchNorm3d}. */
public final class BatchNorm3d extends BatchNorm {

  /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
  public BatchNorm3d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true, true);
  }

  /** All options, as in PyTorch; a null {@code momentum} keeps a cumulative average. */
  public BatchNorm3d(
      int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats, 5);
  }
}
