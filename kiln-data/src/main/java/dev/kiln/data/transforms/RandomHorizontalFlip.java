package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.Tensor;

/**
 * Mirrors a float32 {@code [C, H, W]} image left-right with probability {@code p}.
 *
 * @param p flip probability in [0, 1]
 */
public record RandomHorizontalFlip(double p) implements Transform<Tensor, Tensor> {
  /** Checks {@code p}. */
  public RandomHorizontalFlip {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
    }
  }

  @Override
  public Tensor apply(Tensor image, Rng rng) {
    if (!rng.nextBoolean(p)) {
      return image;
    }
    Chw in = Chw.of(image, "RandomHorizontalFlip");
    float[] d = in.data();
    int w = in.w();
    for (int row = 0; row < in.c() * in.h(); row++) {
      for (int i = row * w, j = row * w + w - 1; i < j; i++, j--) {
        float t = d[i];
        d[i] = d[j];
        d[j] = t;
      }
    }
    return in.tensor();
  }
}
