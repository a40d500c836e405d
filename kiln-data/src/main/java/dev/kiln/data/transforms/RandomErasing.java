package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.Tensor;

/**
 * With probability {@code p}, sets a random rectangle of a float32 {@code [C, H, W]} image to
 * {@code value} (torchvision's {@code RandomErasing}): area a fraction in {@code [minScale,
 * maxScale]} of the image, aspect ratio log-uniform in {@code [minRatio, maxRatio]}, up to 10
 * attempts to fit.
 *
 * @param p erase probability
 * @param minScale smallest erased area fraction
 * @param maxScale largest erased area fraction
 * @param minRatio smallest aspect ratio (h / w)
 * @param maxRatio largest aspect ratio
 * @param value the fill value
 */
public record RandomErasing(
    double p, double minScale, double maxScale, double minRatio, double maxRatio, float value)
    implements Transform<Tensor, Tensor> {
  /** Checks the arguments. */
  public RandomErasing {
    if (!(p >= 0 && p <= 1)
        || !(0 < minScale && minScale <= maxScale && maxScale <= 1)
        || !(0 < minRatio && minRatio <= maxRatio)) {
      throw new IllegalArgumentException(
          "RandomErasing: need p in [0,1], 0 < minScale <= maxScale <= 1, 0 < minRatio <= maxRatio;"
              + " got p="
              + p
              + " scale=["
              + minScale
              + ", "
              + maxScale
              + "] ratio=["
              + minRatio
              + ", "
              + maxRatio
              + "]");
    }
  }

  /** torchvision's defaults: p 0.5, scale [0.02, 0.33], ratio [0.3, 3.3], value 0. */
  public RandomErasing() {
    this(0.5, 0.02, 0.33, 0.3, 3.3, 0f);
  }

  @Override
  public Tensor apply(Tensor image, Rng rng) {
    if (!rng.nextBoolean(p)) {
      return image;
    }
    Chw img = Chw.of(image, "RandomErasing");
    double area = (double) img.h() * img.w();
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * rng.nextDouble(minScale, maxScale);
      double ratio = Math.exp(rng.nextDouble(Math.log(minRatio), Math.log(maxRatio)));
      int eh = (int) Math.round(Math.sqrt(target * ratio));
      int ew = (int) Math.round(Math.sqrt(target / ratio));
      if (eh < 1 || ew < 1 || eh > img.h() || ew > img.w()) {
        continue;
      }
      int top = rng.nextInt(img.h() - eh + 1);
      int left = rng.nextInt(img.w() - ew + 1);
      for (int ch = 0; ch < img.c(); ch++) {
        for (int y = top; y < top + eh; y++) {
          int from = img.index(ch, y, left);
          java.util.Arrays.fill(img.data(), from, from + ew, value);
        }
      }
      return img.tensor();
    }
    return image;
  }
}
