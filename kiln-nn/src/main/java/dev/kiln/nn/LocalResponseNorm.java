package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Normalises each element of {@code [N, C, *]} input by its neighbours across channels, like
 * PyTorch's {@code nn.LocalResponseNorm}: {@code x / (k + alpha / size * sum of x^2 over the size
 * channels around it)^beta}, the channel window zero-padded at the ends.
 */
public final class LocalResponseNorm extends Module {
  private final int size;
  private final double alpha;
  private final double beta;
  private final double k;

  /** PyTorch's defaults: alpha 1e-4, beta 0.75, k 1. */
  public LocalResponseNorm(int size) {
    this(size, 1e-4, 0.75, 1.0);
  }

  /** A window of {@code size} channels. */
  public LocalResponseNorm(int size, double alpha, double beta, double k) {
    this.size = size;
    this.alpha = alpha;
    this.beta = beta;
    this.k = k;
  }

  /**
   * @throws IllegalArgumentException when the input has fewer than 3 dims
   */
  @Override
  public Tensor forward(Tensor input) {
    int[] s = input.shape();
    if (s.length < 3) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected a [N, C, *] input of at least 3 dims, got shape "
              + Arrays.toString(s));
    }
    // [N, 1, C, rest]: average x^2 over a window of `size` channels, zero-padded at both ends.
    Tensor sq = input.square().reshape(s[0], 1, s[1], -1);
    Tensor padded = sq.pad(new int[] {0, 0, size / 2, (size - 1) / 2}, PadMode.CONSTANT, 0);
    Tensor avg = Tensor.avgPool2d(padded, PoolOptions.of(size, 1).withStride(1, 1));
    Tensor div = avg.reshape(s).mul(alpha).add(k).pow(beta);
    return input.div(div);
  }

  @Override
  protected String extraRepr() {
    return size + ", alpha=" + alpha + ", beta=" + beta + ", k=" + k;
  }
}
