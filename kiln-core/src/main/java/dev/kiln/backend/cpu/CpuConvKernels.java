package dev.kiln.backend.cpu;

import dev.kiln.backend.Parallel;
import java.util.Arrays;

/**
 * float32 im2col and col2im, the loops behind convolution, {@code im2col} ({@code F.unfold}) and
 * {@code fold}. Every spatial shape is handled as 3-D (depth, height, width); 1-D and 2-D callers
 * pass size 1 for the leading dims. The column matrix has one row per (channel, kernel offset),
 * channel-major, and one column per output position; row {@code r} starts at {@code colOff + r *
 * rowStride}, so callers can interleave samples in one matrix.
 *
 * <p>To move behind {@code Backend} at integration (plain loops over arrays today).
 */
public final class CpuConvKernels {
  private CpuConvKernels() {}

  /**
   * A sliding-window geometry over {@code channels} planes; every array has length 3 (depth,
   * height, width).
   *
   * @param channels input planes per sample
   * @param in input size
   * @param kernel kernel size
   * @param stride step between windows
   * @param pad zero padding before the input (the padding after is implied by {@code out})
   * @param dilation step between kernel taps
   * @param out number of windows
   */
  public record Window(
      int channels, int[] in, int[] kernel, int[] stride, int[] pad, int[] dilation, int[] out) {
    /** Kernel taps per channel. */
    public int taps() {
      return kernel[0] * kernel[1] * kernel[2];
    }

    /** Output positions. */
    public int positions() {
      return out[0] * out[1] * out[2];
    }

    /** Input elements per channel. */
    public int plane() {
      return in[0] * in[1] * in[2];
    }

    /** The input index along {@code dim} of window {@code o}, tap {@code k}. */
    int source(int dim, int o, int k) {
      return o * stride[dim] - pad[dim] + k * dilation[dim];
    }

    /** The first window along {@code dim} whose tap {@code k} lands at or after index {@code i}. */
    int firstWindowAt(int dim, int k, int i) {
      int num = i + pad[dim] - k * dilation[dim];
      int o = num <= 0 ? 0 : (num + stride[dim] - 1) / stride[dim];
      return Math.min(o, out[dim]);
    }
  }

  /**
   * Copies {@code batch} samples into their column matrices: sample {@code b} reads [C, D, H, W]
   * from {@code src[srcOff + b * C * plane]} and its row {@code r} starts at {@code colOff + b *
   * sampleStride + r * rowStride}.
   */
  public static void im2col(
      float[] src,
      int srcOff,
      int batch,
      Window w,
      float[] col,
      int colOff,
      int rowStride,
      int sampleStride) {
    int rows = w.channels() * w.taps();
    int grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, w.positions()));
    Parallel.parallelFor(
        batch * rows,
        grain,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            int b = i / rows;
            int r = i % rows;
            int img = srcOff + b * w.channels() * w.plane();
            transferRow(src, img, w, r, col, colOff + b * sampleStride + r * rowStride, true);
          }
        });
  }

  /**
   * Adds column matrices (laid out as in {@link #im2col}) back into {@code batch} images [C, D, H,
   * W] at {@code dst[dstOff + b * C * plane]}, summing overlapping windows; {@code dst} must hold
   * the starting values (zeros for a plain fold).
   */
  public static void col2im(
      float[] col,
      int colOff,
      int rowStride,
      int sampleStride,
      int batch,
      Window w,
      float[] dst,
      int dstOff) {
    int taps = w.taps();
    int channels = w.channels();
    int grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, w.positions() * taps));
    // one (sample, channel) pair's rows write only that plane, so pairs run in parallel
    Parallel.parallelFor(
        batch * channels,
        grain,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            int b = i / channels;
            int c = i % channels;
            int img = dstOff + b * channels * w.plane();
            for (int t = 0; t < taps; t++) {
              int r = c * taps + t;
              transferRow(dst, img, w, r, col, colOff + b * sampleStride + r * rowStride, false);
            }
          }
        });
  }

  /**
   * Moves a chunk's GEMM result {@code src} [C, samples * P] (channel-major, as the GEMM writes it)
   * into {@code dst} [samples, C, P] from {@code dstOff}, adding {@code bias[biasOff + c]} (none
   * when {@code bias} is null). Rows run in parallel.
   */
  public static void unpackChannels(
      float[] src,
      int samples,
      int channels,
      int positions,
      float[] dst,
      int dstOff,
      float[] bias,
      int biasOff) {
    int grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, positions));
    Parallel.parallelFor(
        samples * channels,
        grain,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            int s = i / channels;
            int c = i % channels;
            int from = (c * samples + s) * positions;
            int to = dstOff + i * positions;
            if (bias == null) {
              System.arraycopy(src, from, dst, to, positions);
            } else {
              float b = bias[biasOff + c];
              for (int p = 0; p < positions; p++) {
                dst[to + p] = src[from + p] + b;
              }
            }
          }
        });
  }

  /**
   * The inverse move of {@link #unpackChannels}: {@code src} [samples, C, P] from {@code srcOff}
   * into {@code dst} [C, samples * P]; when {@code rowSums} is not null, {@code rowSums[s * C + c]}
   * gets the sum of row (s, c) (float32 partial sums in a fixed order, added in float64).
   */
  public static void packChannels(
      float[] src,
      int srcOff,
      int samples,
      int channels,
      int positions,
      float[] dst,
      double[] rowSums) {
    int grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, positions));
    Parallel.parallelFor(
        samples * channels,
        grain,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            int s = i / channels;
            int c = i % channels;
            int from = srcOff + i * positions;
            System.arraycopy(src, from, dst, (c * samples + s) * positions, positions);
            if (rowSums != null) {
              rowSums[i] = sum(src, from, positions);
            }
          }
        });
  }

  /** The sum of {@code n} floats from {@code off}: eight float lanes, then float64. */
  private static double sum(float[] a, int off, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = off;
    int end = off + n;
    for (; i + 8 <= end; i += 8) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
      s4 += a[i + 4];
      s5 += a[i + 5];
      s6 += a[i + 6];
      s7 += a[i + 7];
    }
    double r = ((double) s0 + s1) + ((double) s2 + s3) + ((double) s4 + s5) + ((double) s6 + s7);
    for (; i < end; i++) {
      r += a[i];
    }
    return r;
  }

  /**
   * Moves row {@code r} (channel, tap) between the image and the columns: image to columns (zeros
   * for padding) when {@code gather}, else adds columns into the image.
   */
  private static void transferRow(
      float[] img, int imgOff, Window w, int r, float[] col, int rowOff, boolean gather) {
    int[] k = w.kernel();
    int[] in = w.in();
    int[] out = w.out();
    int taps = w.taps();
    int c = r / taps;
    int t = r % taps;
    int kz = t / (k[1] * k[2]);
    int ky = (t / k[2]) % k[1];
    int kx = t % k[2];
    int x0 = w.firstWindowAt(2, kx, 0);
    int x1 = Math.max(x0, w.firstWindowAt(2, kx, in[2]));
    int sx = w.stride()[2];
    int base = imgOff + c * w.plane();
    int p = rowOff;
    for (int oz = 0; oz < out[0]; oz++) {
      int iz = w.source(0, oz, kz);
      for (int oy = 0; oy < out[1]; oy++, p += out[2]) {
        int iy = w.source(1, oy, ky);
        boolean inside = iz >= 0 && iz < in[0] && iy >= 0 && iy < in[1];
        if (!inside) {
          if (gather) {
            Arrays.fill(col, p, p + out[2], 0f);
          }
          continue;
        }
        int line = base + (iz * in[1] + iy) * in[2];
        int ix0 = w.source(2, x0, kx);
        if (gather) {
          Arrays.fill(col, p, p + x0, 0f);
          if (sx == 1) {
            System.arraycopy(img, line + ix0, col, p + x0, x1 - x0);
          } else {
            for (int ox = x0, ix = line + ix0; ox < x1; ox++, ix += sx) {
              col[p + ox] = img[ix];
            }
          }
          Arrays.fill(col, p + x1, p + out[2], 0f);
        } else {
          for (int ox = x0, ix = line + ix0; ox < x1; ox++, ix += sx) {
            img[ix] += col[p + ox];
          }
        }
      }
    }
  }
}
