package dev.kiln.nn;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Padding of the last 1 or 2 dims of batched or unbatched input, shared by the padding layers: the
 * padding is {@code [left, right]} or {@code [left, right, top, bottom]} as in PyTorch, or one
 * value for every side.
 */
public abstract sealed class PadNd extends Module
    permits ConstantPad1d,
        ConstantPad2d,
        ConstantPad3d,
        ZeroPad2d,
        ReflectionPad1d,
        ReflectionPad2d,
        ReflectionPad3d,
        ReplicationPad1d,
        ReplicationPad2d,
        ReplicationPad3d {
  private final int spatial;
  private final int[] padding;
  private final PadMode mode;
  private final double value;

  PadNd(int spatial, int[] padding, PadMode mode, double value) {
    if (padding.length != 1 && padding.length != 2 * spatial) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": expected 1 or "
              + 2 * spatial
              + " padding sizes, got "
              + Arrays.toString(padding));
    }
    this.spatial = spatial;
    this.padding = new int[2 * spatial];
    for (int i = 0; i < this.padding.length; i++) {
      this.padding[i] = padding[padding.length == 1 ? 0 : i];
    }
    this.mode = mode;
    this.value = value;
  }

  /**
   * @throws IllegalArgumentException when the input has not {@code spatial + 1} or {@code spatial +
   *     2} dims
   */
  @Override
  public final Tensor forward(Tensor input) {
    if (input.dim() != spatial + 1 && input.dim() != spatial + 2) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected a "
              + (spatial + 1)
              + "-d or "
              + (spatial + 2)
              + "-d input, got shape "
              + Arrays.toString(input.shape()));
    }
    return input.pad(padding, mode, value);
  }

  @Override
  protected final String extraRepr() {
    return Arrays.toString(padding) + (mode == PadMode.CONSTANT ? ", value=" + value : "");
  }
}
