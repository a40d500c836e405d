package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * A uint8 image {@code [H, W, C]} (or {@code [H, W]}) to a float32 {@code [C, H, W]} tensor in
 * {@code [0, 1]} (torchvision's {@code ToTensor}).
 */
public record ToTensor() implements Transform<Tensor, Tensor> {
  @Override
  public Tensor apply(Tensor image, Rng rng) {
    if (image.dtype() != DType.UINT8 || image.dim() < 2 || image.dim() > 3) {
      throw new IllegalArgumentException(
          "ToTensor: expected a uint8 image [H, W, C] or [H, W], got "
              + image.dtype()
              + " "
              + Arrays.toString(image.shape()));
    }
    int h = image.size(0);
    int w = image.size(1);
    int c = image.dim() == 3 ? image.size(2) : 1;
    int[] hwc = image.contiguous().toIntArray();
    Chw out = Chw.zeros(c, h, w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          out.data()[out.index(ch, y, x)] = hwc[(y * w + x) * c + ch] / 255f;
        }
      }
    }
    return out.tensor();
  }
}
