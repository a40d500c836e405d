package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Extracts the sliding blocks of {@code [N, C, H, W]} input as columns {@code [N, C * kh * kw, L]},
 * like PyTorch's {@code nn.Unfold}; each option is one value or {@code (h, w)}.
 */
public final class Unfold extends Module {
  private final int[] kernel;
  private final int[] dilation;
  private final int[] padding;
  private final int[] stride;

  /** Blocks of {@code kernel}, dilation 1, no padding, stride 1. */
  public Unfold(int... kernel) {
    this(kernel, new int[] {1}, new int[] {0}, new int[] {1});
  }

  /** Blocks of {@code kernel} with the given dilation, padding and stride. */
  public Unfold(int[] kernel, int[] dilation, int[] padding, int[] stride) {
    this.kernel = kernel.clone();
    this.dilation = dilation.clone();
    this.padding = padding.clone();
    this.stride = stride.clone();
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.im2col(input, kernel, dilation, padding, stride);
  }

  @Override
  protected String extraRepr() {
    return "kernel="
        + Arrays.toString(kernel)
        + ", dilation="
        + Arrays.toString(dilation)
        + ", padding="
        + Arrays.toString(padding)
        + ", stride="
        + Arrays.toString(stride);
  }
}
