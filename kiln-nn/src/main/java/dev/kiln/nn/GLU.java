package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Gated linear unit, like PyTorch's {@code nn.GLU}: splits the input in halves {@code a, b} along
 * {@code dim} and returns {@code a * sigmoid(b)}.
 */
public final class GLU extends Module {
  private final int dim;

  /** Splits the last dimension. */
  public GLU() {
    this(-1);
  }

  /** Splits dimension {@code dim}. */
  public GLU(int dim) {
    this.dim = dim;
  }

  /**
   * @throws IllegalArgumentException when the size of {@code dim} is odd
   */
  @Override
  public Tensor forward(Tensor input) {
    if (input.dim() == 0 || input.size(dim) % 2 != 0) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected an even size at dim "
              + dim
              + ", got shape "
              + Arrays.toString(input.shape()));
    }
    Tensor[] halves = input.chunk(2, dim);
    return halves[0].mul(halves[1].sigmoid());
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
