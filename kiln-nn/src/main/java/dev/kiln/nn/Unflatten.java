package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Splits dimension {@code dim} into {@code sizes}. */
public final class Unflatten extends Module {
  private final int dim;
  private final int[] sizes;

  /** Splits {@code dim} into {@code sizes} (one may be -1). */
  public Unflatten(int dim, int... sizes) {
    this.dim = dim;
    this.sizes = sizes.clone();
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.unflatten(dim, sizes);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim + ", sizes=" + java.util.Arrays.toString(sizes);
  }
}
