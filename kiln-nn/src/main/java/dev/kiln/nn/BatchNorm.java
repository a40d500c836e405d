package dev.kiln.nn;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation over dimension 1 (channels), shared by {@link BatchNorm1d}, {@link
 * BatchNorm2d} and {@link BatchNorm3d}: in training (or without running statistics) it normalises
 * with the batch mean and biased variance and updates {@code running_mean}/{@code running_var} with
 * {@code momentum} (the variance unbiased; a null momentum keeps a cumulative average), as PyTorch
 * does; in eval mode it uses the running values.
 */
public abstract sealed class BatchNorm extends Module
    permits BatchNorm1d, BatchNorm2d, BatchNorm3d {
  private final int numFeatures;
  private final double eps;
  private final Double momentum;
  private final boolean trackRunningStats;
  private final int[] ranks;

  BatchNorm(
      int numFeatures,
      double eps,
      Double momentum,
      boolean affine,
      boolean trackRunning,
      int... ranks) {
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.trackRunningStats = trackRunning;
    this.ranks = ranks;
    registerParameter("weight", affine ? Tensor.ones(numFeatures).requiresGrad_(true) : null);
    registerParameter("bias", affine ? Tensor.zeros(numFeatures).requiresGrad_(true) : null);
    if (trackRunning) {
      registerBuffer("running_mean", Tensor.zeros(numFeatures));
      registerBuffer("running_var", Tensor.ones(numFeatures));
      registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
    }
  }

  /**
   * @throws IllegalArgumentException on a wrong rank or channel count
   */
  @Override
  public final Tensor forward(Tensor input) {
    int rank = input.dim();
    if (Arrays.stream(ranks).noneMatch(r -> r == rank) || input.size(1) != numFeatures) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected a "
              + Arrays.stream(ranks)
                  .mapToObj(r -> r + "-d")
                  .collect(java.util.stream.Collectors.joining(" or "))
              + " input with "
              + numFeatures
              + " channels at dim 1, got shape "
              + Arrays.toString(input.shape()));
    }
    int[] dims = new int[rank - 1];
    int[] channelShape = new int[rank];
    Arrays.fill(channelShape, 1);
    channelShape[1] = numFeatures;
    for (int d = 0, i = 0; d < rank; d++) {
      if (d != 1) {
        dims[i++] = d;
      }
    }
    Tensor mean;
    Tensor var;
    if (isTraining() || !trackRunningStats) {
      int n = input.numel() / numFeatures;
      if (isTraining() && n <= 1) {
        throw new IllegalArgumentException(
            LayerChecks.name(this)
                + ": expected more than 1 value per channel when training, got shape "
                + Arrays.toString(input.shape()));
      }
      mean = input.mean(dims, true);
      var = input.var(dims, 0, true);
      if (isTraining() && trackRunningStats) {
        updateRunningStats(mean, var, n);
      }
    } else {
      mean = buffer("running_mean").reshape(channelShape);
      var = buffer("running_var").reshape(channelShape);
    }
    Tensor y = input.sub(mean).mul(var.add(eps).rsqrt());
    Tensor w = parameter("weight");
    return w == null
        ? y
        : y.mul(w.reshape(channelShape)).add(parameter("bias").reshape(channelShape));
  }

  private void updateRunningStats(Tensor mean, Tensor var, int n) {
    try (GradMode.Scope s = Autograd.noGrad()) {
      Tensor m = mean.detach().flatten();
      Tensor v = var.detach().flatten().mul((double) n / (n - 1));
      Tensor tracked = buffer("num_batches_tracked").add_(1L);
      double factor = momentum == null ? 1.0 / tracked.item() : momentum;
      buffer("running_mean").mul_(1 - factor).add_(m, factor);
      buffer("running_var").mul_(1 - factor).add_(v, factor);
    }
  }

  @Override
  protected final String extraRepr() {
    return numFeatures + ", eps=" + eps + ", momentum=" + momentum;
  }
}
