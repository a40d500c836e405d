package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.Tensor;

/**
 * Bilinear resize of a float32 {@code [C, H, W]} image to {@code [C, height, width]}, sampling at
 * pixel centres (PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}, no
 * antialias).
 *
 * @param height output height
 * @param width output width
 */
public record Resize(int height, int width) implements Transform<Tensor, Tensor> {
  /** Checks the size is positive. */
  public Resize {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "Resize: size must be positive, got " + height + "x" + width);
    }
  }

  @Override
  public Tensor apply(Tensor image, Rng rng) {
    Chw in = Chw.of(image, "Resize");
    Chw out = Chw.zeros(in.c(), height, width);
    double sy = (double) in.h() / height;
    double sx = (double) in.w() / width;
    for (int y = 0; y < height; y++) {
      double fy = Math.max(0, (y + 0.5) * sy - 0.5);
      int y0 = Math.min((int) fy, in.h() - 1);
      int y1 = Math.min(y0 + 1, in.h() - 1);
      double wy = fy - y0;
      for (int x = 0; x < width; x++) {
        double fx = Math.max(0, (x + 0.5) * sx - 0.5);
        int x0 = Math.min((int) fx, in.w() - 1);
        int x1 = Math.min(x0 + 1, in.w() - 1);
        double wx = fx - x0;
        for (int ch = 0; ch < in.c(); ch++) {
          double top = in.get(ch, y0, x0) * (1 - wx) + in.get(ch, y0, x1) * wx;
          double bottom = in.get(ch, y1, x0) * (1 - wx) + in.get(ch, y1, x1) * wx;
          out.data()[out.index(ch, y, x)] = (float) (top * (1 - wy) + bottom * wy);
        }
      }
    }
    return out.tensor();
  }
}
