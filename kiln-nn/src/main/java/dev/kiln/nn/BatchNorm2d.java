package dev.kiln.nn;

/** Batch normalisation of {@code [N, C, H, W]} inputs, like PyTorch's {@code nn.BatchNorm2d}. */
public final class BatchNorm2d extends BatchNorm {

  /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
  public BatchNorm2d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true, true);
  }

  /** All options, as in PyTorch; a null {@code momentum} keeps a cumulative average. */
  public BatchNorm2d(
      int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats, 4);
  }
}
