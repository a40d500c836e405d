package dev.kiln.backend.cpu.conv;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.cpu.CpuConvKernels;
import dev.kiln.backend.cpu.CpuConvKernels.Window;
import java.util.Arrays;

/**
 * The direct float32 3x3 convolution (stride 1, padding 1, no dilation, one group), forward and
 * input gradient, with no unrolled (im2col) matrix: the input is copied once into a padded,
 * channel-major {@link Layout} and {@link Conv3x3Kernel} reads each tap as a shifted vector. The
 * weight gradient is {@link #weightTaps} or, for many output channels or large planes, {@link
 * Conv3x3WeightGemm} (the choice is {@code ConvDirectPath}'s).
 *
 * <p>Measured on W3's shapes: see {@code ConvDirectPath}.
 */
public final class Conv3x3 {
  private Conv3x3() {}

  private static final ThreadLocal<float[]> GRID = ThreadLocal.withInitial(() -> new float[0]);

  /**
   * The padded, channel-major layout of {@code n} samples of {@code h x w} planes: channel {@code
   * c} is one row of {@link #ld} floats; sample {@code s}'s slot starts at {@code margin() + s *
   * sampleStride()}. An image is placed padded (its pixel (y, x) at {@code (y + 1) * rowWidth() + x
   * + 1}, so the slot starts its zero-padded image); a gradient is placed unpadded (at {@code y *
   * rowWidth() + x}), so the slot shifted back by {@code margin()} starts its zero-padded image:
   * the two columns after each row, the row after the last one and the margin before the first
   * sample are zeros. Everything else is zero.
   *
   * @param n samples
   * @param h plane height
   * @param w plane width
   */
  public record Layout(int n, int h, int w) {
    /** Width of a padded row. */
    public int rowWidth() {
      return w + 2;
    }

    /** Grid positions that cover the output: {@code h} padded rows. */
    public int positions() {
      return h * rowWidth();
    }

    /** {@link #positions} rounded up to {@link Conv3x3Kernel#STEP}. */
    public int rounded() {
      return (positions() + Conv3x3Kernel.STEP - 1) / Conv3x3Kernel.STEP * Conv3x3Kernel.STEP;
    }

    /**
     * Floats per sample: a padded image less one row, since consecutive images share a zero row
     * (the bottom padding of one is the top padding of the next).
     */
    public int sampleStride() {
      return positions() + rowWidth();
    }

    /** Zeros before the first sample: the shift from a gradient's slot to its padded image. */
    public int margin() {
      return rowWidth() + 1;
    }

    /** Floats per channel: margin, samples and the furthest read past the last one. */
    public int ld() {
      return margin() + n * sampleStride() + rounded() + 2 * rowWidth() + 2;
    }

    /** Where sample {@code s}'s zero-padded image starts in a channel row. */
    int image(int s, boolean padded) {
      return s * sampleStride() + (padded ? margin() : 0);
    }
  }

  /** Whether {@code w} with {@code groups} is the 2-D 3x3, stride 1, padding 1 case. */
  public static boolean applies(Window w, int groups) {
    int[] k = w.kernel();
    int[] in = w.in();
    int[] out = w.out();
    for (int d = 1; d < 3; d++) {
      if (k[d] != 3
          || w.stride()[d] != 1
          || w.pad()[d] != 1
          || w.dilation()[d] != 1
          || out[d] != in[d]) {
        return false;
      }
    }
    return groups == 1 && k[0] == 1 && in[0] == 1 && w.channels() > 0 && w.positions() > 0;
  }

  /**
   * Writes {@code dst} [C, ld]: {@code src} [N, C, H, W] (contiguous from {@code srcOff}) in layout
   * {@code l}, {@code padded} as an image or not (as a gradient), and zeros everywhere else, so
   * {@code dst} may hold anything before (a reused scratch array); when {@code rowSums} is not
   * null, {@code rowSums[s * C + c]} gets the float64 sum of plane (s, c). Channels run in
   * parallel.
   */
  public static void pack(
      float[] src,
      int srcOff,
      int channels,
      Layout l,
      boolean padded,
      float[] dst,
      double[] rowSums) {
    int grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, l.ld()));
    Parallel.parallelFor(
        channels,
        grain,
        (start, end) -> packChannels(src, srcOff, channels, start, end, l, padded, dst, rowSums));
  }

  /**
   * {@link #pack} of channels {@code [c0, c1)} on the calling thread: each float of their rows
   * written once, the two columns between copied rows stored directly and the longer gaps filled.
   * Against a fill before every row (W3 conv2's output gradient, 64 channels, 2 threads, one JVM
   * interleaved, min / median of 225 calls, without / with the plane sums): 0.27 / 0.42 -> 0.22 /
   * 0.35 ms and 0.60 / 0.79 -> 0.55 / 0.71 ms; copying into an array that holds the zeros already
   * took 0.18 / 0.31 and 0.50 / 0.67 ms.
   */
  private static void packChannels(
      float[] src,
      int srcOff,
      int channels,
      int c0,
      int c1,
      Layout l,
      boolean padded,
      float[] dst,
      double[] rowSums) {
    int h = l.h();
    int w = l.w();
    int rw = l.rowWidth();
    int place = l.margin() + (padded ? rw + 1 : 0);
    for (int c = c0; c < c1; c++) {
      int zeroFrom = c * l.ld();
      for (int s = 0; s < l.n(); s++) {
        int from = srcOff + (s * channels + c) * h * w;
        int to = c * l.ld() + place + s * l.sampleStride();
        Arrays.fill(dst, zeroFrom, to, 0f);
        for (int y = 0; y < h; y++) {
          int d = to + y * rw;
          System.arraycopy(src, from + y * w, dst, d, w);
          if (y < h - 1) {
            dst[d + w] = 0f;
            dst[d + w + 1] = 0f;
          }
        }
        zeroFrom = to + (h - 1) * rw + w;
        if (rowSums != null) {
          rowSums[s * channels + c] = CpuConvKernels.sum(src, from, h * w);
        }
      }
      Arrays.fill(dst, zeroFrom, (c + 1) * l.ld(), 0f);
    }
  }

  /**
   * Whether {@link #convolve} from {@code inC} channels runs on {@link Conv3x3Kernel#tiles} (output
   * channels in the vector lanes) rather than {@link Conv3x3Kernel#block} (grid positions in the
   * lanes): from 16 input channels. {@code block} computes whole padded rows rounded up to {@link
   * Conv3x3Kernel#STEP} (W3 conv2: 240 positions for 196) and copies them out; {@code tiles}
   * computes only the output's positions but scatters each one's channels into the output, which
   * costs more than {@code block}'s waste when there are few input channels to sum. Both, 2
   * threads, one JVM interleaved, min of 40-100 calls (Cin-Cout-size x samples, block / tiles ms,
   * shared 2-core VM): 1-32-28x32 0.21 / 0.29; 4-32-28x32 0.52 / 0.64; 5-40-9x64 0.32 / 0.62;
   * 8-64-14x64 0.81 / 0.83; 16-32-28x32 1.42 / 1.53; 16-64-14x64 1.11 / 1.03; 24-32-28x16 0.76 /
   * 0.69; 32-32-28x16 1.01 / 0.99; 64-64-28x16 3.87 / 3.36; 64-128-7x64 5.47 / 3.44.
   */
  static boolean tiled(int inC) {
    return inC >= 16;
  }

  /**
   * The weights {@code w} (contiguous from {@code off}) in blocks for a convolution from {@code
   * inC} to {@code outC} channels: {@code [ceil(outC / b), inC, 9, b]}, zero past {@code outC},
   * with {@code b} = {@link Conv3x3Kernel#TAP_BLOCK} when {@link #tiled} and {@link
   * Conv3x3Kernel#BLOCK} otherwise. Forward, {@code w} is [outC, inC, 3, 3]; as the {@code adjoint}
   * (the input gradient's convolution of the output gradient) it is the forward weight [inC, outC,
   * 3, 3], read transposed and with the taps reversed.
   */
  public static float[] packWeights(float[] w, int off, int outC, int inC, boolean adjoint) {
    int b = tiled(inC) ? Conv3x3Kernel.TAP_BLOCK : Conv3x3Kernel.BLOCK;
    int blocks = (outC + b - 1) / b;
    float[] p = new float[blocks * inC * 9 * b];
    for (int o = 0; o < outC; o++) {
      for (int i = 0; i < inC; i++) {
        for (int t = 0; t < 9; t++) {
          float v = adjoint ? w[off + (i * outC + o) * 9 + 8 - t] : w[off + (o * inC + i) * 9 + t];
          p[(((o / b) * inC + i) * 9 + t) * b + o % b] = v;
        }
      }
    }
    return p;
  }

  /**
   * {@code out} [N, outC, H, W] (from {@code outOff}) = the 3x3 correlation of the zero-padded
   * images in {@code in} (layout {@code l}, {@code inC} channels, {@code padded} as given to {@link
   * #pack}) with packed weights {@code wp} ({@link #packWeights}), plus {@code bias[biasOff + o]}
   * (none when null). (sample, block of output channels) pairs run in parallel.
   */
  public static void convolve(
      float[] in,
      Layout l,
      int inC,
      boolean padded,
      float[] wp,
      int outC,
      float[] out,
      int outOff,
      float[] bias,
      int biasOff) {
    if (tiled(inC)) {
      convolveTiles(in, l, inC, padded, wp, outC, out, outOff, bias, biasOff);
    } else {
      convolveGrid(in, l, inC, padded, wp, outC, out, outOff, bias, biasOff);
    }
  }

  /** {@code outC} biases from {@code bias[biasOff]} (zeros when null), zero-padded to {@code n}. */
  private static float[] paddedBias(float[] bias, int biasOff, int outC, int n) {
    float[] bp = new float[n];
    if (bias != null) {
      System.arraycopy(bias, biasOff, bp, 0, outC);
    }
    return bp;
  }

  /** {@link #convolve} on {@link Conv3x3Kernel#block}, through a per-thread grid. */
  private static void convolveGrid(
      float[] in,
      Layout l,
      int inC,
      boolean padded,
      float[] wp,
      int outC,
      float[] out,
      int outOff,
      float[] bias,
      int biasOff) {
    Conv3x3Kernel kernel = Conv3x3Kernel.get();
    int b = Conv3x3Kernel.BLOCK;
    int blocks = (outC + b - 1) / b;
    float[] bp = paddedBias(bias, biasOff, outC, blocks * b);
    int qr = l.rounded();
    int h = l.h();
    int w = l.w();
    int rw = l.rowWidth();
    Parallel.parallelFor(
        l.n() * blocks,
        1,
        (start, end) -> {
          float[] grid = GRID.get();
          if (grid.length < b * qr) {
            grid = new float[b * qr];
            GRID.set(grid);
          }
          for (int task = start; task < end; task++) {
            int s = task / blocks;
            int blk = task % blocks;
            kernel.block(
                in,
                l.image(s, padded),
                l.ld(),
                inC,
                rw,
                wp,
                blk * inC * 9 * b,
                bp,
                blk * b,
                grid,
                qr);
            for (int j = 0; j < b && blk * b + j < outC; j++) {
              int to = outOff + (s * outC + blk * b + j) * h * w;
              for (int y = 0; y < h; y++) {
                System.arraycopy(grid, j * qr + y * rw, out, to + y * w, w);
              }
            }
          }
        });
  }

  /** {@link #convolve} on {@link Conv3x3Kernel#tiles}, straight into {@code out}. */
  private static void convolveTiles(
      float[] in,
      Layout l,
      int inC,
      boolean padded,
      float[] wp,
      int outC,
      float[] out,
      int outOff,
      float[] bias,
      int biasOff) {
    Conv3x3Kernel kernel = Conv3x3Kernel.get();
    int b = Conv3x3Kernel.TAP_BLOCK;
    int blocks = (outC + b - 1) / b;
    float[] bp = paddedBias(bias, biasOff, outC, blocks * b);
    int h = l.h();
    int w = l.w();
    Parallel.parallelFor(
        l.n() * blocks,
        1,
        (start, end) -> {
          for (int task = start; task < end; task++) {
            int s = task / blocks;
            int blk = task % blocks;
            kernel.tiles(
                in,
                l.image(s, padded),
                l.ld(),
                inC,
                l.rowWidth(),
                wp,
                blk * inC * 9 * b,
                bp,
                blk * b,
                out,
                outOff + (s * outC + blk * b) * h * w,
                Math.min(b, outC - blk * b),
                h,
                w);
          }
        });
  }

  /**
   * Samples per chunk of {@link #weightTaps}: the chunk's transposed gradient and packed input stay
   * in the L2 cache (W3 conv2: 680 KB), its float32 sums run over at most 8 samples (W3 conv1: 6272
   * positions) before they are added in float64, and W3's 64 samples make 8 chunks to share.
   */
  private static final int TAPS_CHUNK = 8;

  private static final ThreadLocal<float[][]> TAPS_SCRATCH =
      ThreadLocal.withInitial(() -> new float[3][0]);

  /**
   * The weight gradient {@code gw} [outC, inC, 3, 3] (overwritten) from the output gradient {@code
   * g} [N, outC, H, W] and input {@code x} [N, inC, H, W] (contiguous from {@code gOff}, {@code
   * xOff}), {@code N, H, W} from {@code l}, and, when {@code rowSums} is not null, its plane sums
   * as in {@link #pack} (float32, see {@link Conv3x3Kernel#transpose}). Chunks of {@link
   * #TAPS_CHUNK} samples run in parallel: each transposes its gradient ({@link
   * Conv3x3Kernel#transpose}) to position-major rows of {@code outC} rounded up to {@link
   * Conv3x3Kernel#TAP_BLOCK} channels, packs its input as images, and sums every weight in float32
   * over the chunk's positions with one {@link Conv3x3Kernel#taps} call (W3 conv2, 1 thread, min of
   * 80 calls interleaved in one JVM, two runs: calls of 4 image rows, whose transposed gradient
   * stays in the L1 cache, 3.72 / 3.85 ms, one call per chunk 3.35 / 3.41 ms); the chunks' sums are
   * added in float64 in chunk order (deterministic for any thread count and for the threads' share
   * of the chunks, which they take from a shared counter).
   *
   * <p>Measured (W3, shared 2-core AVX-512 VM, 2 threads, min of interleaved rounds in one JVM):
   * see {@code VectorConv3x3}.
   */
  public static void weightTaps(
      float[] g,
      int gOff,
      float[] x,
      int xOff,
      Layout l,
      int outC,
      int inC,
      float[] gw,
      double[] rowSums) {
    Conv3x3Kernel kernel = Conv3x3Kernel.get();
    int n = l.n();
    int h = l.h();
    int w = l.w();
    int plane = h * w;
    int chunks = (n + TAPS_CHUNK - 1) / TAPS_CHUNK;
    int block = Conv3x3Kernel.TAP_BLOCK;
    int os = (outC + block - 1) / block * block;
    int stride = outC * inC * 9;
    double[] partial = partials(chunks * stride);
    Parallel.parallelForShared(
        chunks,
        1,
        (start, end) -> {
          float[][] buf = TAPS_SCRATCH.get();
          for (int chunk = start; chunk < end; chunk++) {
            int s0 = chunk * TAPS_CHUNK;
            Layout lc = new Layout(Math.min(TAPS_CHUNK, n - s0), h, w);
            // channels past outC must be zeros; the others are all written
            float[] gt = scratch(buf, 0, lc.n() * plane * os, os > outC);
            float[] xp = scratch(buf, 1, inC * lc.ld(), false);
            float[] acc = scratch(buf, 2, inC * 9 * os, true);
            for (int s = 0; s < lc.n(); s++) {
              kernel.transpose(
                  g,
                  gOff + (s0 + s) * outC * plane,
                  outC,
                  plane,
                  gt,
                  s * plane * os,
                  os,
                  rowSums,
                  (s0 + s) * outC);
            }
            packChannels(x, xOff + s0 * inC * plane, inC, 0, inC, lc, true, xp, null);
            kernel.taps(
                gt,
                0,
                os,
                xp,
                lc.image(0, true),
                lc.ld(),
                inC,
                lc.rowWidth(),
                w,
                h,
                lc.n(),
                lc.sampleStride(),
                acc);
            for (int o = 0; o < outC; o++) {
              for (int it = 0; it < inC * 9; it++) {
                partial[chunk * stride + o * inC * 9 + it] = acc[it * os + o];
              }
            }
          }
        });
    for (int i = 0; i < stride; i++) {
      double sum = 0;
      for (int chunk = 0; chunk < chunks; chunk++) {
        sum += partial[chunk * stride + i];
      }
      gw[i] = (float) sum;
    }
  }

  /**
   * The calling thread's array for {@link #weightTaps}' chunk sums, grown to {@code size}: every
   * entry is written before it is read, so it is never cleared. A fresh one each call (W3 conv2: 8
   * chunks x 18,432 float64 = 1.2 MB, a humongous object under G1's default regions) cost about
   * half a millisecond: W3 conv2's weight gradient, one JVM, fresh / reused interleaved, min /
   * median ms, 4 GB heap: 2 threads 2.58 / 4.23 -> 2.14 / 3.57 and 2.49 / 3.23 -> 1.91 / 2.67, 1
   * thread 3.98 / 4.58 -> 3.48 / 3.99; with 32 MB regions (as {@code kiln bench}) 2 threads 2.38 /
   * 3.17 -> 1.95 / 2.62 and 1.95 / 3.02 -> 1.86 / 2.85, 1 thread 4.05 / 4.63 -> 3.52 / 4.06.
   */
  private static double[] partials(int size) {
    double[] p = PARTIALS.get();
    if (p.length < size) {
      p = new double[size];
      PARTIALS.set(p);
    }
    return p;
  }

  private static final ThreadLocal<double[]> PARTIALS =
      ThreadLocal.withInitial(() -> new double[0]);

  /**
   * {@code buf[slot]}, grown when shorter than {@code size} floats, those zeroed if {@code zero} (a
   * grown array is zeros already).
   */
  public static float[] scratch(float[][] buf, int slot, int size, boolean zero) {
    if (buf[slot].length < size) {
      buf[slot] = new float[size];
    } else if (zero) {
      Arrays.fill(buf[slot], 0, size, 0f);
    }
    return buf[slot];
  }
}
