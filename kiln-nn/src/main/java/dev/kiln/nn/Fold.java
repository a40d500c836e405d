package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Sums columns {@code [N, C * kh * kw, L]} of sliding blocks back into {@code [N, C, outputSize]},
 * like PyTorch's {@code nn.Fold} (the adjoint of {@link Unfold}); each option is one value or
 * {@code (h, w)}.
 */
public final class Fold extends Module {
  private final int[] outputSize;
  private final int[] kernel;
  private final int[] dilation;
  private final int[] padding;
  private final int[] stride;

  /** Into {@code outputSize} from blocks of {@code kernel}, dilation 1, no padding, stride 1. */
  public Fold(int[] outputSize, int[] kernel) {
    this(outputSize, kernel, new int[] {1}, new int[] {0}, new int[] {1});
  }

  /** Into {@code outputSize} from blocks of {@code kernel} with dilation, padding and stride. */
  public Fold(int[] outputSize, int[] kernel, int[] dilation, int[] padding, int[] stride) {
    this.outputSize = outputSize.clone();
    this.kernel = kernel.clone();
    this.dilation = dilation.clone();
    this.padding = padding.clone();
    this.stride = stride.clone();
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.fold(input, outputSize, kernel, dilation, padding, stride);
  }

  @Override
  protected String extraRepr() {
    return "outputSize="
        + Arrays.toString(outputSize)
        + ", kernel="
        + Arrays.toString(kernel)
        + ", dilation="
        + Arrays.toString(dilation)
        + ", padding="
        + Arrays.toString(padding)
        + ", stride="
        + Arrays.toString(stride);
  }
}
