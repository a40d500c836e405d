package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.Tensor;

/**
 * A random {@code size x size} window of a float32 {@code [C, H, W]} image after zero-padding each
 * border by {@code padding} (torchvision's {@code RandomCrop(size, padding)}, the CIFAR
 * augmentation).
 *
 * @param size output height and width
 * @param padding zeros added on every side first
 */
public record RandomCrop(int size, int padding) implements Transform<Tensor, Tensor> {
  /** Checks the arguments. */
  public RandomCrop {
    if (size < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "RandomCrop: need size >= 1 and padding >= 0, got " + size + ", " + padding);
    }
  }

  @Override
  public Tensor apply(Tensor image, Rng rng) {
    Chw in = Chw.of(image, "RandomCrop");
    int ph = in.h() + 2 * padding;
    int pw = in.w() + 2 * padding;
    if (ph < size || pw < size) {
      throw new IllegalArgumentException(
          "RandomCrop: crop " + size + " is larger than the padded image " + ph + "x" + pw);
    }
    int top = rng.nextInt(ph - size + 1) - padding;
    int left = rng.nextInt(pw - size + 1) - padding;
    return in.crop(top, left, size, size).tensor();
  }
}
