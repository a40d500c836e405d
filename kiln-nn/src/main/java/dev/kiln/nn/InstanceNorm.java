package dev.kiln.nn;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Instance normalisation, shared by {@link InstanceNorm1d}, {@link InstanceNorm2d} and {@link
 * InstanceNorm3d}: normalises each channel of each sample over its spatial dims to zero mean and
 * unit (biased) variance, then applies a per-channel weight and bias when {@code affine}. With
 * {@code trackRunningStats}, training also updates {@code running_mean}/{@code running_var} with
 * {@code momentum} from the batch average of the per-instance statistics (the variance unbiased),
 * and eval mode normalises with them, as PyTorch does; without, eval mode uses the instance
 * statistics too. PyTorch's defaults: no affine, no running statistics.
 */
public abstract sealed class InstanceNorm extends Module
    permits InstanceNorm1d, InstanceNorm2d, InstanceNorm3d {
  private final int numFeatures;
  private final double eps;
  private final double momentum;
  private final boolean trackRunningStats;
  private final int spatial;

  InstanceNorm(
      int numFeatures,
      double eps,
      double momentum,
      boolean affine,
      boolean trackRunningStats,
      int spatial) {
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.trackRunningStats = trackRunningStats;
    this.spatial = spatial;
    registerParameter("weight", affine ? Tensor.ones(numFeatures).requiresGrad_(true) : null);
    registerParameter("bias", affine ? Tensor.zeros(numFeatures).requiresGrad_(true) : null);
    if (trackRunningStats) {
      registerBuffer("running_mean", Tensor.zeros(numFeatures));
      registerBuffer("running_var", Tensor.ones(numFeatures));
      registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
    }
  }

  /**
   * Normalises {@code [N, C, *spatial]} or unbatched {@code [C, *spatial]} input.
   *
   * @throws IllegalArgumentException on a wrong rank or channel count, naming the module path
   */
  @Override
  public final Tensor forward(Tensor input) {
    LayerChecks.channels(this, input, spatial, numFeatures, true);
    boolean unbatched = input.dim() == spatial + 1;
    Tensor x = unbatched ? input.unsqueeze(0) : input;
    int[] dims = LayerChecks.lastDims(x.dim(), spatial);
    int[] channelShape = new int[x.dim()];
    Arrays.fill(channelShape, 1);
    channelShape[1] = numFeatures;
    Tensor mean;
    Tensor var;
    if (isTraining() || !trackRunningStats) {
      mean = x.mean(dims, true);
      var = x.var(dims, 0, true);
      if (isTraining() && trackRunningStats) {
        updateRunningStats(mean, var, x.numel() / (x.size(0) * numFeatures));
      }
    } else {
      mean = buffer("running_mean").reshape(channelShape);
      var = buffer("running_var").reshape(channelShape);
    }
    Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
    Tensor w = parameter("weight");
    if (w != null) {
      y = y.mul(w.reshape(channelShape)).add(parameter("bias").reshape(channelShape));
    }
    return unbatched ? y.squeeze(0) : y;
  }

  private void updateRunningStats(Tensor mean, Tensor var, int n) {
    try (GradMode.Scope s = Autograd.noGrad()) {
      Tensor m = mean.detach().flatten(1, -1).mean(0);
      Tensor v = var.detach().flatten(1, -1).mul((double) n / (n - 1)).mean(0);
      buffer("running_mean").mul_(1 - momentum).add_(m, momentum);
      buffer("running_var").mul_(1 - momentum).add_(v, momentum);
    }
  }

  @Override
  protected final String extraRepr() {
    return numFeatures
        + ", eps="
        + eps
        + ", momentum="
        + momentum
        + ", affine="
        + (parameter("weight") != null)
        + ", trackRunningStats="
        + trackRunningStats;
  }
}
