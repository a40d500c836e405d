package dev.kiln.nn;

/**
 * {@link InstanceNorm} over {@code [N, C, D, H, W]} or unbatched {@code [C, D, H, W]} input, like
 * PyTorch's {@code nn.InstanceNorm3d}.
 */
public final class InstanceNorm3d extends InstanceNorm {

  /** eps 1e-5, momentum 0.1, no affine parameters, no running statistics (PyTorch's defaults). */
  public InstanceNorm3d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1, false, false);
  }

  /** Learnable weight and bias when {@code affine}; running statistics when {@code track}. */
  public InstanceNorm3d(
      int numFeatures, double eps, double momentum, boolean affine, boolean track) {
    super(numFeatures, eps, momentum, affine, track, 3);
  }
}
