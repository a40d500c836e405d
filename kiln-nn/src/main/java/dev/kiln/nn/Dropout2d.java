package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * In training, zeroes whole channels of {@code [N, C, *]} input with probability {@code p} (one
 * draw per sample and channel) and scales the rest by {@code 1 / (1 - p)}, like PyTorch's {@code
 * nn.Dropout2d}; in eval mode, returns the input. As in PyTorch 1.13, a 3-d input counts as {@code
 * [N, C, L]} (later PyTorch versions read it as an unbatched {@code [C, H, W]}).
 */
public final class Dropout2d extends Module {
  private final double p;
  private final Generator generator;

  /** p 0.5, from the default generator. */
  public Dropout2d() {
    this(0.5, Generator.defaultGenerator());
  }

  /** Drop probability {@code p} in [0, 1], masks drawn from {@code g}. */
  public Dropout2d(double p, Generator g) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Dropout2d: p must be in [0, 1], got " + p);
    }
    this.p = p;
    this.generator = g;
  }

  /**
   * @throws IllegalArgumentException in training for an input of fewer than 3 dims
   */
  @Override
  public Tensor forward(Tensor input) {
    if (!isTraining() || p == 0) {
      return input;
    }
    if (input.dim() < 3) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected a [N, C, *] input of at least 3 dims, got shape "
              + Arrays.toString(input.shape()));
    }
    if (p == 1) {
      return input.mul(0.0);
    }
    int[] maskShape = new int[input.dim()];
    Arrays.fill(maskShape, 1);
    maskShape[0] = input.size(0);
    maskShape[1] = input.size(1);
    Tensor keep = Tensor.rand(generator, input.dtype(), maskShape).ge(p).to(input.dtype());
    return input.mul(keep.mul(1 / (1 - p)));
  }

  @Override
  protected String extraRepr() {
    return "p=" + p;
  }
}
