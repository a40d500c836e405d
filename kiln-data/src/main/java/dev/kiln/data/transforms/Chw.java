package dev.kiln.data.transforms;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * A float32 image as a flat channel-major array: the working form of the image transforms, which
 * read a {@code [C, H, W]} tensor once, work on the array, and wrap the result without copying.
 */
record Chw(float[] data, int c, int h, int w) {
  /** A zero image. */
  static Chw zeros(int c, int h, int w) {
    return new Chw(new float[c * h * w], c, h, w);
  }

  /** Reads a float32 {@code [C, H, W]} tensor (copying it). */
  static Chw of(Tensor t, String who) {
    if (t.dim() != 3 || t.dtype() != DType.FLOAT32) {
      throw new IllegalArgumentException(
          who
              + ": expected a float32 image [C, H, W], got "
              + t.dtype()
              + " "
              + Arrays.toString(t.shape())
              + " (use ToTensor first)");
    }
    return new Chw(t.toFloatArray(), t.size(0), t.size(1), t.size(2));
  }

  int index(int ch, int y, int x) {
    return (ch * h + y) * w + x;
  }

  float get(int ch, int y, int x) {
    return data[index(ch, y, x)];
  }

  /** The image as a {@code [C, H, W]} tensor sharing this array. */
  Tensor tensor() {
    return Tensor.wrap(new Storage.FloatStorage(data), DType.FLOAT32, c, h, w);
  }

  /** The {@code height x width} window at ({@code top}, {@code left}); outside pixels are 0. */
  Chw crop(int top, int left, int height, int width) {
    Chw out = zeros(c, height, width);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < height; y++) {
        int sy = top + y;
        if (sy < 0 || sy >= h) {
          continue;
        }
        int x0 = Math.max(0, -left);
        int x1 = Math.min(width, w - left);
        if (x1 > x0) {
          System.arraycopy(data, index(ch, sy, left + x0), out.data, out.index(ch, y, x0), x1 - x0);
        }
      }
    }
    return out;
  }
}
