package dev.kiln.nn;

/**
 * Batch normalisation of {@code [N, C]} or {@code [N, C, L]} inputs, like PyTorch's {@code
 * nn.BatchNorm1d}.
 */
public final class BatchNorm1d extends BatchNorm {

  /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
  public BatchNorm1d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, true, true);
  }

  /** All options, as in PyTorch; a null {@code momentum} keeps a cumulative average. */
  public BatchNorm1d(
      int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats, 2, 3);
  }
}
