package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * Rearranges {@code [*, C * r^2, H, W]} into {@code [*, C, H * r, W * r]} (sub-pixel upscaling by
 * {@code r}), like PyTorch's {@code nn.PixelShuffle}.
 */
public final class PixelShuffle extends Module {
  private final int upscaleFactor;

  /** Upscaling factor {@code r}. */
  public PixelShuffle(int upscaleFactor) {
    this.upscaleFactor = upscaleFactor;
  }

  @Override
  public Tensor forward(Tensor input) {
    return Tensor.pixelShuffle(input, upscaleFactor);
  }

  @Override
  protected String extraRepr() {
    return "upscaleFactor=" + upscaleFactor;
  }
}
