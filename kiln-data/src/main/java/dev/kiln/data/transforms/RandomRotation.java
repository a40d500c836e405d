package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.Tensor;

/**
 * Rotates a float32 {@code [C, H, W]} image about its centre by an angle drawn uniformly from
 * {@code [-degrees, degrees]} (counter-clockwise positive), nearest-neighbour sampling, uncovered
 * pixels 0 (torchvision's {@code RandomRotation} defaults).
 *
 * @param degrees the largest rotation, >= 0
 */
public record RandomRotation(double degrees) implements Transform<Tensor, Tensor> {
  /** Checks {@code degrees}. */
  public RandomRotation {
    if (!(degrees >= 0)) {
      throw new IllegalArgumentException("RandomRotation: degrees must be >= 0, got " + degrees);
    }
  }

  @Override
  public Tensor apply(Tensor image, Rng rng) {
    Chw in = Chw.of(image, "RandomRotation");
    double angle = Math.toRadians(rng.nextDouble(-degrees, degrees));
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double cy = (in.h() - 1) / 2.0;
    double cx = (in.w() - 1) / 2.0;
    Chw out = Chw.zeros(in.c(), in.h(), in.w());
    for (int y = 0; y < in.h(); y++) {
      for (int x = 0; x < in.w(); x++) {
        // inverse map: which source pixel lands on (y, x)
        double dx = x - cx;
        double dy = y - cy;
        int sx = (int) Math.round(cx + cos * dx - sin * dy);
        int sy = (int) Math.round(cy + sin * dx + cos * dy);
        if (sx >= 0 && sx < in.w() && sy >= 0 && sy < in.h()) {
          for (int ch = 0; ch < in.c(); ch++) {
            out.data()[out.index(ch, y, x)] = in.get(ch, sy, sx);
          }
        }
      }
    }
    return out.tensor();
  }
}
