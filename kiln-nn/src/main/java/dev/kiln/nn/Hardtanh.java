package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** Elementwise clamp to {@code [minVal, maxVal]}, like PyTorch's {@code nn.Hardtanh}. */
public final class Hardtanh extends Module {
  private final double minVal;
  private final double maxVal;

  /** PyTorch's defaults: minVal -1.0, maxVal 1.0. */
  public Hardtanh() {
    this(-1.0, 1.0);
  }

  /** {@code minVal}: lower bound; {@code maxVal}: upper bound. */
  public Hardtanh(double minVal, double maxVal) {
    this.minVal = minVal;
    this.maxVal = maxVal;
  }

  @Override
  public Tensor forward(Tensor input) {
    return input.hardtanh(minVal, maxVal);
  }

  @Override
  protected String extraRepr() {
    return "minVal=" + minVal + ", maxVal=" + maxVal;
  }
}
