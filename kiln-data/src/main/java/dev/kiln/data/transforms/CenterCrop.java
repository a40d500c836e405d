package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.Tensor;

/**
 * The central {@code height x width} window of a float32 {@code [C, H, W]} image (torchvision's
 * {@code CenterCrop}: top = round((H - height) / 2)); a window larger than the image is padded with
 * zeros.
 *
 * @param height output height
 * @param width output width
 */
public record CenterCrop(int height, int width) implements Transform<Tensor, Tensor> {
  /** Checks the size is positive. */
  public CenterCrop {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "CenterCrop: size must be positive, got " + height + "x" + width);
    }
  }

  @Override
  public Tensor apply(Tensor image, Rng rng) {
    Chw in = Chw.of(image, "CenterCrop");
    int top = (int) Math.round((in.h() - height) / 2.0);
    int left = (int) Math.round((in.w() - width) / 2.0);
    return in.crop(top, left, height, width).tensor();
  }
}
