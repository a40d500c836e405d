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
            transferRow(src, img, w, r, col, colOff + b * sampleStride + r * rowStride, true, true);
          }
        });
  }

  /**
   * Adds column matrices (laid out as in {@link #im2col}) back into {@code batch} images [C, D, H,
   * W] at {@code dst[dstOff + b * C * plane]}, summing overlapping windows; {@code dst} must hold
   * the starting values (zeros for a plain fold). With {@code scratch}, the columns' entries that
   * fall on padding may be overwritten with zeros (so whole blocks are added at once).
   */
  public static void col2im(
      float[] col,
      int colOff,
      int rowStride,
      int sampleStride,
      int batch,
      Window w,
      float[] dst,
      int dstOff,
      boolean scratch) {
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
              transferRow(
                  dst, img, w, r, col, colOff + b * sampleStride + r * rowStride, false, scratch);
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
  public static double sum(float[] a, int off, int n) {
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
   * {@link #transferRow} when the windows step by 1 along height and width and the output is as
   * wide as the input (e.g. a 3x3 convolution with padding 1): then output position {@code (oy,
   * ox)} reads input {@code (oy + dy, ox + dx)}, a constant shift of the flat index, so the inside
   * rows of one depth slice move as one contiguous block; columns outside {@code [x0, x1)} (which
   * the block copy fills with the neighbouring rows' values) are then zeroed, and padding rows are
   * zero-filled. The adjoint adds row by row over the inside columns only.
   */
  private static void transferShifted(
      float[] img,
      int imgOff,
      Window w,
      int c,
      int kz,
      int ky,
      int kx,
      int x0,
      int x1,
      float[] col,
      int rowOff,
      boolean gather,
      boolean scratch) {
    int[] in = w.in();
    int[] out = w.out();
    int ow = out[2];
    int slice = out[1] * ow;
    int y0 = w.firstWindowAt(1, ky, 0);
    int y1 = Math.max(y0, w.firstWindowAt(1, ky, in[1]));
    if (x1 == x0) {
      y1 = y0;
    }
    int dy = w.source(1, 0, ky);
    int dx = w.source(2, 0, kx);
    int base = imgOff + c * w.plane();
    for (int oz = 0; oz < out[0]; oz++) {
      int iz = w.source(0, oz, kz);
      int p = rowOff + oz * slice;
      boolean inside = iz >= 0 && iz < in[0] && y1 > y0;
      if (!inside) {
        if (gather) {
          Arrays.fill(col, p, p + slice, 0f);
        }
        continue;
      }
      // flat input index of output (oy, ox) is src + oy * ow + ox
      int src = base + (iz * in[1] + dy) * in[2] + dx;
      int from = y0 * ow + x0;
      int to = (y1 - 1) * ow + x1;
      if (gather) {
        Arrays.fill(col, p, p + from, 0f);
        System.arraycopy(img, src + from, col, p + from, to - from);
        zeroOutside(col, p, ow, x0, x1, y0, y1);
        Arrays.fill(col, p + to, p + slice, 0f);
      } else if (scratch) {
        // zeros added to the neighbouring rows' values leave them as they are
        zeroOutside(col, p, ow, x0, x1, y0, y1);
        for (int i = from; i < to; i++) {
          img[src + i] += col[p + i];
        }
      } else {
        for (int oy = y0; oy < y1; oy++) {
          int at = oy * ow;
          for (int ox = x0; ox < x1; ox++) {
            img[src + at + ox] += col[p + at + ox];
          }
        }
      }
    }
  }

  /** Zeroes columns outside {@code [x0, x1)} of rows {@code [y0, y1)} of a slice at {@code p}. */
  private static void zeroOutside(float[] col, int p, int ow, int x0, int x1, int y0, int y1) {
    for (int oy = y0; oy < y1; oy++) {
      int row = p + oy * ow;
      for (int ox = 0; ox < x0; ox++) {
        col[row + ox] = 0f;
      }
      for (int ox = x1; ox < ow; ox++) {
        col[row + ox] = 0f;
      }
    }
  }

  /**
   * Moves row {@code r} (channel, tap) between the image and the columns: image to columns (zeros
   * for padding) when {@code gather}, else adds columns into the image.
   */
  private static void transferRow(
      float[] img,
      int imgOff,
      Window w,
      int r,
      float[] col,
      int rowOff,
      boolean gather,
      boolean scratch) {
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
    if (w.stride()[1] == 1 && w.stride()[2] == 1 && out[2] == in[2]) {
      transferShifted(img, imgOff, w, c, kz, ky, kx, x0, x1, col, rowOff, gather, scratch);
      return;
    }
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
