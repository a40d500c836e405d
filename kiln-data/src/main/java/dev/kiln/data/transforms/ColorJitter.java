package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.Tensor;

/**
 * Random brightness then contrast changes of a float32 {@code [C, H, W]} image in {@code [0, 1]}
 * (torchvision's {@code ColorJitter(brightness, contrast)}, fixed order): brightness scales by a
 * factor from {@code [max(0, 1 - b), 1 + b]}; contrast blends with the mean grey level by a factor
 * from {@code [max(0, 1 - c), 1 + c]}; results are clamped to {@code [0, 1]}.
 *
 * @param brightness brightness jitter, >= 0
 * @param contrast contrast jitter, >= 0
 */
public record ColorJitter(double brightness, double contrast) implements Transform<Tensor, Tensor> {
  /** Checks the arguments. */
  public ColorJitter {
    if (!(brightness >= 0 && contrast >= 0)) {
      throw new IllegalArgumentException(
          "ColorJitter: brightness and contrast must be >= 0, got " + brightness + ", " + contrast);
    }
  }

  @Override
  public Tensor apply(Tensor image, Rng rng) {
    Chw img = Chw.of(image, "ColorJitter");
    float[] d = img.data();
    float b = (float) rng.nextDouble(Math.max(0, 1 - brightness), 1 + brightness);
    float c = (float) rng.nextDouble(Math.max(0, 1 - contrast), 1 + contrast);
    for (int i = 0; i < d.length; i++) {
      d[i] = clamp(d[i] * b);
    }
    float grey = meanGrey(img);
    for (int i = 0; i < d.length; i++) {
      d[i] = clamp(grey + c * (d[i] - grey));
    }
    return img.tensor();
  }

  /** Mean luminance (ITU-R 601 weights for RGB, the plain mean otherwise), as torchvision. */
  private static float meanGrey(Chw img) {
    int plane = img.h() * img.w();
    double[] weights = img.c() == 3 ? new double[] {0.299, 0.587, 0.114} : null;
    double sum = 0;
    for (int ch = 0; ch < img.c(); ch++) {
      double wgt = weights == null ? 1.0 / img.c() : weights[ch];
      for (int i = ch * plane; i < (ch + 1) * plane; i++) {
        sum += wgt * img.data()[i];
      }
    }
    return plane == 0 ? 0 : (float) (sum / plane);
  }

  private static float clamp(float v) {
    return Math.min(1f, Math.max(0f, v));
  }
}
