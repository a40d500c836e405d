package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
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
    Tensor contiguous = image.contiguous();
    byte[] hwc = ((Storage.ByteStorage) contiguous.storage()).data(); // uint8 lives in bytes
    int offset = contiguous.storageOffset();
    Chw out = Chw.zeros(c, h, w);
    float[] d = out.data();
    for (int p = 0; p < h * w; p++) {
      for (int ch = 0; ch < c; ch++) {
        d[ch * h * w + p] = (hwc[offset + p * c + ch] & 0xff) / 255f;
      }
    }
    return out.tensor();
  }
}
