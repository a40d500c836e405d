package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Resizes the spatial dims of {@code [N, C, *spatial]} input to a fixed size or by a scale factor,
 * like PyTorch's {@code nn.Upsample}: mode {@code "nearest"}, {@code "linear"} (1-d), {@code
 * "bilinear"} or {@code "bicubic"} (2-d); {@code alignCorners} maps the corner pixel centres onto
 * each other (not for nearest). A scale factor gives size {@code floor(in * scale)} and samples at
 * {@code 1 / scale} steps, as PyTorch does without {@code recompute_scale_factor}.
 */
public final class Upsample extends Module {
  private final int[] size;
  private final double[] scaleFactor;
  private final String mode;
  private final boolean alignCorners;

  /** Nearest-neighbour upsampling by {@code scaleFactor} along every spatial dim. */
  public Upsample(double scaleFactor) {
    this(new double[] {scaleFactor}, "nearest", false);
  }

  /** Resizes to {@code size} (one value or one per spatial dim). */
  public Upsample(int[] size, String mode, boolean alignCorners) {
    this.size = size.clone();
    this.scaleFactor = null;
    this.mode = mode;
    this.alignCorners = alignCorners;
  }

  /** Scales by {@code scaleFactor} (one value or one per spatial dim). */
  public Upsample(double[] scaleFactor, String mode, boolean alignCorners) {
    this.size = null;
    this.scaleFactor = scaleFactor.clone();
    this.mode = mode;
    this.alignCorners = alignCorners;
  }

  @Override
  public Tensor forward(Tensor input) {
    return size != null
        ? Tensor.interpolate(input, size, mode, alignCorners)
        : Tensor.interpolate(input, scaleFactor, mode, alignCorners);
  }

  @Override
  protected String extraRepr() {
    return (size != null
            ? "size=" + Arrays.toString(size)
            : "scaleFactor=" + Arrays.toString(scaleFactor))
        + ", mode="
        + mode
        + (alignCorners ? ", alignCorners=true" : "");
  }
}
