package dev.kiln.tensorboard;

import java.util.Arrays;

/**
 * Turns image tensor data in a layout such as {@code CHW}, {@code HWC}, {@code HW}, {@code NCHW} or
 * {@code NHWC} into 8-bit HWC pixels, tiling a batch into a grid of up to 8 columns as PyTorch's
 * {@code make_grid} does. Float values in [0, 1] are scaled by 255, clipped and truncated; uint8
 * values are used as they are.
 */
final class Images {
  /** Grid columns for a batch of images, as in PyTorch. */
  static final int GRID_COLUMNS = 8;

  /** 8-bit pixels, row-major height x width x channels. */
  record Pixels(int height, int width, int channels, byte[] data) {}

  private Images() {}

  /**
   * Checks that {@code format} names each of H and W once, optionally C and N, matching the rank of
   * {@code shape}, with 1, 3 or 4 channels.
   *
   * @throws IllegalArgumentException naming the call, the shape and the format otherwise
   */
  static void check(String call, int[] shape, String format) {
    String f = format.toUpperCase();
    boolean lettersOk =
        f.chars().allMatch(ch -> "NCHW".indexOf(ch) >= 0)
            && f.chars().distinct().count() == f.length()
            && f.indexOf('H') >= 0
            && f.indexOf('W') >= 0;
    if (!lettersOk || f.length() != shape.length) {
      throw new IllegalArgumentException(
          call
              + ": shape "
              + Arrays.toString(shape)
              + " does not match dataformats '"
              + format
              + "' (expected one letter per dimension from N, C, H, W, with H and W)");
    }
    int channels = f.indexOf('C') >= 0 ? shape[f.indexOf('C')] : 1;
    if (channels != 1 && channels != 3 && channels != 4) {
      throw new IllegalArgumentException(
          call
              + ": "
              + channels
              + " channels in shape "
              + Arrays.toString(shape)
              + " (dataformats '"
              + format
              + "'); expected 1, 3 or 4");
    }
  }

  /** Converts checked data (row-major {@code values} of {@code shape}) to pixels. */
  static Pixels toPixels(float[] values, int[] shape, String format, boolean isUint8) {
    String f = format.toUpperCase();
    int[] strides = new int[shape.length];
    for (int d = shape.length - 1, s = 1; d >= 0; d--) {
      strides[d] = s;
      s *= shape[d];
    }
    int n = size(shape, f, 'N');
    int c = size(shape, f, 'C');
    int h = size(shape, f, 'H');
    int w = size(shape, f, 'W');
    int sn = stride(strides, f, 'N');
    int sc = stride(strides, f, 'C');
    int sh = stride(strides, f, 'H');
    int sw = stride(strides, f, 'W');
    int cols = Math.min(n, GRID_COLUMNS);
    int rows = (n + cols - 1) / cols;
    int width = w * cols;
    int height = h * rows;
    byte[] out = new byte[height * width * c];
    float scale = isUint8 ? 1f : 255f;
    for (int i = 0; i < n; i++) {
      int top = (i / cols) * h;
      int left = (i % cols) * w;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int dst = ((top + y) * width + left + x) * c;
          int src = i * sn + y * sh + x * sw;
          for (int k = 0; k < c; k++) {
            float v = Math.clamp(values[src + k * sc] * scale, 0f, 255f);
            out[dst + k] = (byte) (int) v;
          }
        }
      }
    }
    return new Pixels(height, width, c, out);
  }

  private static int size(int[] shape, String format, char letter) {
    int d = format.indexOf(letter);
    return d < 0 ? 1 : shape[d];
  }

  private static int stride(int[] strides, String format, char letter) {
    int d = format.indexOf(letter);
    return d < 0 ? 0 : strides[d];
  }
}
