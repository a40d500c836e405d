package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The inverse of {@link PixelShuffle}: rearranges {@code [*, C, H * r, W * r]} into {@code [*, C *
 * r^2, H, W]}, like PyTorch's {@code nn.PixelUnshuffle} (a reshape and a permutation).
 */
public final class PixelUnshuffle extends Module {
  private final int downscaleFactor;

  /** Downscaling factor {@code r}. */
  public PixelUnshuffle(int downscaleFactor) {
    if (downscaleFactor <= 0) {
      throw new IllegalArgumentException(
          "PixelUnshuffle: downscaleFactor must be positive, got " + downscaleFactor);
    }
    this.downscaleFactor = downscaleFactor;
  }

  /**
   * @throws IllegalArgumentException when the input has fewer than 3 dims or a height or width that
   *     does not divide by the factor
   */
  @Override
  public Tensor forward(Tensor input) {
    int r = downscaleFactor;
    int[] s = input.shape();
    int n = s.length;
    if (n < 3 || s[n - 1] % r != 0 || s[n - 2] % r != 0) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected [*, C, H, W] input with H and W divisible by "
              + r
              + ", got shape "
              + Arrays.toString(s));
    }
    int[] split = Arrays.copyOf(s, n + 2);
    split[n - 2] = s[n - 2] / r;
    split[n - 1] = r;
    split[n] = s[n - 1] / r;
    split[n + 1] = r;
    int[] perm = new int[n + 2];
    for (int i = 0; i < n - 2; i++) {
      perm[i] = i;
    }
    perm[n - 2] = n - 1;
    perm[n - 1] = n + 1;
    perm[n] = n - 2;
    perm[n + 1] = n;
    int[] out = Arrays.copyOf(s, n);
    out[n - 3] = s[n - 3] * r * r;
    out[n - 2] = s[n - 2] / r;
    out[n - 1] = s[n - 1] / r;
    return input.reshape(split).permute(perm).reshape(out);
  }

  @Override
  protected String extraRepr() {
    return "downscaleFactor=" + downscaleFactor;
  }
}
