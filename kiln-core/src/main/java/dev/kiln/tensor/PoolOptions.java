package dev.kiln.tensor;

/**
 * Options of the max, average and Lp pools, as in PyTorch. Each spatial option is one value for
 * every spatial dim or one value per dim.
 *
 * {@snippet :
 * PoolOptions o = PoolOptions.of(3).withStride(2).withPadding(1).withCeilMode(true);
 * }
 *
 * @param kernel window size
 * @param stride step between windows (null: the kernel size)
 * @param padding implicit padding on both sides (-inf for max, 0 for average), at most half the
 *     kernel
 * @param dilation step between window taps (max pooling only; default 1)
 * @param ceilMode round the output size up, so a last partial window is kept
 * @param countIncludePad average pooling divides by the window size including padding (default
 *     true)
 */
public record PoolOptions(
    int[] kernel,
    int[] stride,
    int[] padding,
    int[] dilation,
    boolean ceilMode,
    boolean countIncludePad) {

  /** A window of {@code kernel} with stride = kernel, no padding, dilation 1, floor mode. */
  public static PoolOptions of(int... kernel) {
    return new PoolOptions(kernel.clone(), null, new int[] {0}, new int[] {1}, false, true);
  }

  /** These options with another stride. */
  public PoolOptions withStride(int... s) {
    return new PoolOptions(kernel, s.clone(), padding, dilation, ceilMode, countIncludePad);
  }

  /** These options with another padding. */
  public PoolOptions withPadding(int... p) {
    return new PoolOptions(kernel, stride, p.clone(), dilation, ceilMode, countIncludePad);
  }

  /** These options with another dilation. */
  public PoolOptions withDilation(int... d) {
    return new PoolOptions(kernel, stride, padding, d.clone(), ceilMode, countIncludePad);
  }

  /** These options with ceil mode on or off. */
  public PoolOptions withCeilMode(boolean on) {
    return new PoolOptions(kernel, stride, padding, dilation, on, countIncludePad);
  }

  /** These options with {@code countIncludePad} on or off. */
  public PoolOptions withCountIncludePad(boolean on) {
    return new PoolOptions(kernel, stride, padding, dilation, ceilMode, on);
  }
}
