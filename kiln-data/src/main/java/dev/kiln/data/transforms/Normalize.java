package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code (x - mean[c]) / std[c]} per channel of a float32 {@code [C, H, W]} image (torchvision's
 * {@code Normalize}).
 *
 * @param mean per-channel means
 * @param std per-channel standard deviations (non-zero)
 */
public record Normalize(double[] mean, double[] std) implements Transform<Tensor, Tensor> {
  /** Checks the lengths agree and no std is zero. */
  public Normalize {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException(
          "Normalize: mean "
              + Arrays.toString(mean)
              + " and std "
              + Arrays.toString(std)
              + " must have the same, non-zero length");
    }
    for (double s : std) {
      if (s == 0) {
        throw new IllegalArgumentException(
            "Normalize: std must not contain 0: " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  @Override
  public Tensor apply(Tensor image, Rng rng) {
    Chw img = Chw.of(image, "Normalize");
    if (img.c() != mean.length) {
      throw new IllegalArgumentException(
          "Normalize: image has " + img.c() + " channels but mean/std have " + mean.length);
    }
    float[] d = img.data();
    int plane = img.h() * img.w();
    for (int ch = 0; ch < img.c(); ch++) {
      float m = (float) mean[ch];
      float inv = (float) (1 / std[ch]);
      for (int i = ch * plane; i < (ch + 1) * plane; i++) {
        d[i] = (d[i] - m) * inv;
      }
    }
    return img.tensor();
  }
}
