package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The partial inverse of max pooling, shared by {@link MaxUnpool1d} and {@link MaxUnpool2d}: writes
 * each value at its index (in the flattened spatial plane) of an otherwise zero output, like
 * PyTorch's {@code nn.MaxUnpool1d/2d}. The output's spatial size is {@code (in - 1) * stride - 2 *
 * padding + kernel} per dim unless given.
 */
public abstract sealed class MaxUnpool extends Module permits MaxUnpool1d, MaxUnpool2d {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;

  MaxUnpool(int spatial, int[] kernel, int[] stride, int[] padding) {
    this.kernel = perDim(spatial, kernel);
    this.stride = perDim(spatial, stride);
    this.padding = perDim(spatial, padding);
  }

  private static int[] perDim(int spatial, int[] option) {
    int[] out = new int[spatial];
    for (int d = 0; d < spatial; d++) {
      out[d] = option[option.length == 1 ? 0 : d];
    }
    return out;
  }

  /**
   * A max unpool needs the pooling indices: use {@code forward(input, indices)}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public final Tensor forward(Tensor input) {
    throw new UnsupportedOperationException(
        LayerChecks.name(this) + ": max unpooling needs the indices; call forward(input, indices)");
  }

  /**
   * Unpools {@code [N, C, *spatial]} or {@code [C, *spatial]} {@code input} with the int64 {@code
   * indices} of the same shape to {@code outputSize} (the spatial sizes, or null for the default).
   *
   * @throws IllegalArgumentException when the shapes differ or an index is out of the output plane
   */
  final Tensor unpool(Tensor input, Tensor indices, int[] outputSize) {
    int spatial = kernel.length;
    int[] s = input.shape();
    if (!Arrays.equals(s, indices.shape()) || s.length < spatial + 1 || s.length > spatial + 2) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected input and indices of one shape with "
              + (spatial + 1)
              + " or "
              + (spatial + 2)
              + " dims, got "
              + Arrays.toString(s)
              + " and "
              + Arrays.toString(indices.shape()));
    }
    int[] out = new int[spatial];
    for (int d = 0; d < spatial; d++) {
      out[d] =
          outputSize != null
              ? outputSize[d]
              : (s[s.length - spatial + d] - 1) * stride[d] - 2 * padding[d] + kernel[d];
    }
    int plane = Arrays.stream(out).reduce(1, (a, b) -> a * b);
    int lead = s.length - spatial;
    int[] flatShape = Arrays.copyOf(s, lead + 1);
    flatShape[lead] = -1;
    Tensor idx = indices.reshape(flatShape);
    if (idx.numel() > 0 && (idx.min().itemLong() < 0 || idx.max().itemLong() >= plane)) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": an index is outside the output plane of "
              + Arrays.toString(out)
              + " ("
              + plane
              + " positions)");
    }
    int[] zerosShape = Arrays.copyOf(s, lead + 1);
    zerosShape[lead] = plane;
    int[] outShape = Arrays.copyOf(s, lead + spatial);
    System.arraycopy(out, 0, outShape, lead, spatial);
    return Tensor.zeros(input.dtype(), zerosShape)
        .scatter(lead, idx, input.reshape(flatShape))
        .reshape(outShape);
  }

  @Override
  protected final String extraRepr() {
    return "kernel="
        + Arrays.toString(kernel)
        + ", stride="
        + Arrays.toString(stride)
        + ", padding="
        + Arrays.toString(padding);
  }
}
