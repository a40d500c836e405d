package dev.kiln.backend.cpu;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.cpu.CpuConvKernels.Window;
import dev.kiln.backend.cpu.conv.MaxPool2x2Kernel;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * float32 pooling loops over contiguous planes: {@code src} is [P, D, H, W] and {@code dst} is [P,
 * oD, oH, oW] from offset 0, with {@code w.channels() == P} (1-D and 2-D callers pass size 1 for
 * the leading dims). Indices, where asked for, are flat over one input plane, as in PyTorch.
 *
 * <p>To move behind {@code Backend} at integration (plain loops over arrays today).
 */
public final class CpuPoolKernels {
  private CpuPoolKernels() {}

  /** Runs {@code body} for every output position of every plane, planes in parallel. */
  private interface PositionBody {
    void run(int plane, int oz, int oy, int ox, int outIndex);
  }

  private static void forEachOutput(Window w, PositionBody body) {
    int[] o = w.out();
    int positions = w.positions();
    int grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, positions * w.taps()));
    Parallel.parallelFor(
        w.channels(),
        grain,
        (start, end) -> {
          for (int p = start; p < end; p++) {
            int i = p * positions;
            for (int oz = 0; oz < o[0]; oz++) {
              for (int oy = 0; oy < o[1]; oy++) {
                for (int ox = 0; ox < o[2]; ox++) {
                  body.run(p, oz, oy, ox, i++);
                }
              }
            }
          }
        });
  }

  /**
   * Max over each window (padding never wins; NaN does); {@code indices} (may be null) gets the
   * flat in-plane index of the first maximum. The generic loop: {@link #isPlain2x2} windows have
   * {@link #maxPool2x2}.
   */
  public static void maxPool(float[] src, Window w, float[] dst, long[] indices) {
    int[] in = w.in();
    int[] k = w.kernel();
    int[] d = w.dilation();
    forEachOutput(
        w,
        (p, oz, oy, ox, i) -> {
          int z0 = firstInside(w.source(0, oz, 0), d[0]);
          int y0 = firstInside(w.source(1, oy, 0), d[1]);
          int x0 = firstInside(w.source(2, ox, 0), d[2]);
          int z1 = Math.min(w.source(0, oz, k[0] - 1) + 1, in[0]);
          int y1 = Math.min(w.source(1, oy, k[1] - 1) + 1, in[1]);
          int x1 = Math.min(w.source(2, ox, k[2] - 1) + 1, in[2]);
          int base = p * w.plane();
          int best = (z0 * in[1] + y0) * in[2] + x0;
          float max = Float.NEGATIVE_INFINITY;
          for (int z = z0; z < z1; z += d[0]) {
            for (int y = y0; y < y1; y += d[1]) {
              for (int x = x0; x < x1; x += d[2]) {
                int at = (z * in[1] + y) * in[2] + x;
                float v = src[base + at];
                if (v > max || Float.isNaN(v)) {
                  max = v;
                  best = at;
                }
              }
            }
          }
          dst[i] = max;
          if (indices != null) {
            indices[i] = best;
          }
        });
  }

  /**
   * Whether {@code w} is a 2x2 window with stride 2, no padding and no dilation over 2-D planes
   * (every window inside the plane), which {@link #maxPool2x2} runs.
   */
  public static boolean isPlain2x2(Window w) {
    int[] k = w.kernel();
    int[] st = w.stride();
    int[] pad = w.pad();
    int[] d = w.dilation();
    return w.in()[0] == 1
        && k[0] == 1
        && k[1] == 2
        && k[2] == 2
        && st[1] == 2
        && st[2] == 2
        && pad[1] == 0
        && pad[2] == 0
        && d[1] == 1
        && d[2] == 1
        && w.out()[1] * 2 <= w.in()[1]
        && w.out()[2] * 2 <= w.in()[2];
  }

  /** Runs {@code body} for every plane of {@code w}, planes in parallel, {@code cost} per plane. */
  private static void forEachPlane(Window w, int cost, IntConsumer body) {
    int grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, cost));
    Parallel.parallelFor(
        w.channels(),
        grain,
        (start, end) -> {
          for (int p = start; p < end; p++) {
            body.accept(p);
          }
        });
  }

  /**
   * {@link #maxPool} for {@link #isPlain2x2} windows: {@code taps} (may be null) gets each window's
   * {@link MaxPool2x2Kernel tap code}, the same winner as the generic loop's index. W3 pool1 /
   * pool2 forward into preallocated arrays, 2 threads, min of 25 interleaved on the loaded VM:
   * 0.44-0.64 / 0.31-0.44 ms (13-19 / 10-14 GB/s of input read + values and codes written;
   * arraycopy does about 33). Through the op (output allocated, recorded), kiln-bench {@code
   * MaxPoolW3}, medians of 25 interleaved: 1.09 / 0.72 ms against 1.53 / 0.97 ms for values + int64
   * indices before.
   */
  public static void maxPool2x2(float[] src, Window w, float[] dst, byte[] taps) {
    int inW = w.in()[2];
    int outH = w.out()[1];
    int outW = w.out()[2];
    MaxPool2x2Kernel kernel = MaxPool2x2Kernel.get();
    forEachPlane(
        w,
        w.plane(),
        p -> kernel.forward(src, p * w.plane(), inW, outW, outH, dst, p * outH * outW, taps));
  }

  /** The in-plane int64 index of each window's maximum from its tap code ({@link #maxPool2x2}). */
  public static void tapIndices(byte[] taps, Window w, long[] indices) {
    int inW = w.in()[2];
    int outH = w.out()[1];
    int outW = w.out()[2];
    for (int i = 0; i < taps.length; i++) {
      int ox = i % outW;
      int oy = i / outW % outH;
      int code = taps[i];
      indices[i] = (2L * oy + (code >> 1)) * inW + 2L * ox + (code & 1);
    }
  }

  /**
   * The adjoint of {@link #maxPool2x2} for gradient {@code g} (contiguous from 0), written into
   * every element of {@code dst} (so {@code dst} need not start zeroed): the gradient at each
   * window's maximum, +0 elsewhere, including the elements no window covers. W3 pool1 / pool2, 2
   * threads, medians of 25 interleaved into a reused buffer: 0.54 / 0.35 ms against 0.80 / 0.51 ms
   * for a zero fill plus the int64 scatter before (min 0.38 / 0.28 against 0.72 / 0.42). In the W3
   * step (JFR, 5 runs against 6 on the loaded VM) its share was 5.4 % (2.8-6.8) against 4.6 %
   * (3.7-5.6) for zeros plus the int64 scatter: not resolved beyond the noise.
   */
  public static void maxPool2x2Backward(float[] g, byte[] taps, Window w, float[] dst) {
    int inW = w.in()[2];
    int outH = w.out()[1];
    int outW = w.out()[2];
    int plane = w.plane();
    MaxPool2x2Kernel kernel = MaxPool2x2Kernel.get();
    forEachPlane(
        w,
        plane,
        p -> {
          int base = p * plane;
          kernel.backward(g, taps, p * outH * outW, outW, outH, dst, base, inW);
          for (int y = 0; 2 * outW < inW && y < 2 * outH; y++) {
            Arrays.fill(dst, base + y * inW + 2 * outW, base + (y + 1) * inW, 0f);
          }
          Arrays.fill(dst, base + 2 * outH * inW, base + plane, 0f);
        });
  }

  /**
   * The adjoint of a max pool: adds {@code g[gOff + p * positions + i]} into {@code dst[p * plane +
   * indices[p * positions + i]]} for each of {@code planes} planes ({@code dst} holds the starting
   * values, zeros for a gradient). Planes run in parallel; within a plane the order is fixed.
   */
  public static void maxPoolBackward(
      float[] g, int gOff, long[] indices, int planes, int positions, int plane, float[] dst) {
    int grain = Math.max(1, Parallel.GRAIN_SIZE / Math.max(1, positions));
    Parallel.parallelFor(
        planes,
        grain,
        (start, end) -> {
          for (int p = start; p < end; p++) {
            int base = p * plane;
            for (int i = p * positions, e = i + positions; i < e; i++) {
              dst[base + (int) indices[i]] += g[gOff + i];
            }
          }
        });
  }

  /** The first index {@code >= 0} reached from {@code start} in steps of {@code step}. */
  private static int firstInside(int start, int step) {
    return start >= 0 ? start : start + ((-start + step - 1) / step) * step;
  }

  /**
   * Mean over each window; the divisor counts padding when {@code countIncludePad} (but never the
   * part of a ceil-mode window past the padding), as PyTorch's {@code avg_pool}.
   */
  public static void avgPool(float[] src, Window w, float[] dst, boolean countIncludePad) {
    int[] in = w.in();
    int[] k = w.kernel();
    int[] pad = w.pad();
    forEachOutput(
        w,
        (p, oz, oy, ox, i) -> {
          int[] lo = new int[3];
          int[] hi = new int[3];
          int padded = 1;
          int[] o = {oz, oy, ox};
          for (int a = 0; a < 3; a++) {
            int s = w.source(a, o[a], 0);
            int e = Math.min(s + k[a], in[a] + pad[a]);
            padded *= e - s;
            lo[a] = Math.max(s, 0);
            hi[a] = Math.min(e, in[a]);
          }
          int base = p * w.plane();
          double sum = 0;
          for (int z = lo[0]; z < hi[0]; z++) {
            for (int y = lo[1]; y < hi[1]; y++) {
              int line = base + (z * in[1] + y) * in[2];
              for (int x = lo[2]; x < hi[2]; x++) {
                sum += src[line + x];
              }
            }
          }
          int count =
              countIncludePad ? padded : (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
          dst[i] = (float) (sum / count);
        });
  }

  /**
   * Adaptive pooling: output cell {@code o} of {@code out} along a dim covers input {@code
   * [floor(o*in/out), ceil((o+1)*in/out))}; mean, or max with indices (may be null) when {@code
   * max}. Only {@code w.channels()}, {@code w.in()} and {@code w.out()} are read.
   */
  public static void adaptivePool(float[] src, Window w, float[] dst, long[] indices, boolean max) {
    int[] in = w.in();
    int[] out = w.out();
    forEachOutput(
        w,
        (p, oz, oy, ox, i) -> {
          int z0 = oz * in[0] / out[0];
          int z1 = ceilDiv((oz + 1) * in[0], out[0]);
          int y0 = oy * in[1] / out[1];
          int y1 = ceilDiv((oy + 1) * in[1], out[1]);
          int x0 = ox * in[2] / out[2];
          int x1 = ceilDiv((ox + 1) * in[2], out[2]);
          int base = p * w.plane();
          double sum = 0;
          float best = Float.NEGATIVE_INFINITY;
          int bestAt = (z0 * in[1] + y0) * in[2] + x0;
          for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
              for (int x = x0; x < x1; x++) {
                int at = (z * in[1] + y) * in[2] + x;
                float v = src[base + at];
                sum += v;
                if (v > best || Float.isNaN(v)) {
                  best = v;
                  bestAt = at;
                }
              }
            }
          }
          if (max) {
            dst[i] = best;
            if (indices != null) {
              indices[i] = bestAt;
            }
          } else {
            dst[i] = (float) (sum / ((z1 - z0) * (y1 - y0) * (x1 - x0)));
          }
        });
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
