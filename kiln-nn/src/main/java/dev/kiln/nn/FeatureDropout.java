package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Channel-wise dropout, shared by {@link Dropout1d}, {@link Dropout2d} and {@link Dropout3d}: in
 * training it zeroes whole channels with probability {@code p} (one draw per sample and channel of
 * {@code [N, C, *spatial]}, or per channel of unbatched {@code [C, *spatial]}) and scales the rest
 * by {@code 1 / (1 - p)}; in eval mode it returns the input.
 */
public abstract sealed class FeatureDropout extends Module permits Dropout1d, Dropout2d, Dropout3d {
  private final double p;
  private final Generator generator;
  private final int spatial;

  FeatureDropout(String kind, double p, Generator g, int spatial) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(kind + ": p must be in [0, 1], got " + p);
    }
    this.p = p;
    this.generator = g;
    this.spatial = spatial;
  }

  /** Whether a rank-{@code rank} input has a batch dim; override to read a rank differently. */
  boolean batched(int rank) {
    return rank == spatial + 2;
  }

  /**
   * @throws IllegalArgumentException in training for an input of neither {@code spatial + 1} nor
   *     {@code spatial + 2} dims
   */
  @Override
  public final Tensor forward(Tensor input) {
    if (!isTraining() || p == 0) {
      return input;
    }
    int rank = input.dim();
    if (rank != spatial + 1 && rank != spatial + 2) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected a "
              + (spatial + 1)
              + "-d (unbatched) or "
              + (spatial + 2)
              + "-d input, got shape "
              + Arrays.toString(input.shape()));
    }
    if (p == 1) {
      return input.mul(0.0);
    }
    int[] maskShape = new int[rank];
    Arrays.fill(maskShape, 1);
    int channels = batched(rank) ? 2 : 1;
    for (int d = 0; d < channels; d++) {
      maskShape[d] = input.size(d);
    }
    Tensor keep = Tensor.rand(generator, input.dtype(), maskShape).ge(p).to(input.dtype());
    return input.mul(keep.mul(1 / (1 - p)));
  }

  @Override
  protected final String extraRepr() {
    return "p=" + p;
  }
}
