package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Flattens dimensions {@code startDim..endDim} into one (default 1..-1, keeping the batch). */
public final class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  /** Flattens all but the first dimension. */
  public Flatten() {
    this(1, -1);
  }

  /** Flattens dimensions {@code startDim} to {@code endDim}, inclusive. */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.flatten(startDim, endDim);
  }

  @Override
  protected String extraRepr() {
    return "startDim=" + startDim + ", endDim=" + endDim;
  }
}
