package dev.kiln.backend.cpu.conv;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.cpu.CpuConvKernels;
import dev.kiln.backend.cpu.CpuKernelsProvider;
import dev.kiln.backend.cpu.blas.NativeBlas;
import dev.kiln.backend.cpu.conv.Conv3x3.Layout;
import java.util.Arrays;

/**
 * The weight gradient of the direct 3x3 convolution ({@link Conv3x3}) as one GEMM per chunk of
 * samples: each chunk copies its output gradient into {@code G [outC, K]} (K = the chunk's
 * positions) and unrolls its input into {@code col [inC * 9, K]}, then {@code dW_chunk [outC, inC *
 * 9] = G col^T} on single-threaded OpenBLAS ({@link NativeBlas#serially}), or on the Java GEMM when
 * OpenBLAS is off. Row {@code (i, t)} of {@code col} is one contiguous copy per sample: the plane
 * of input channel {@code i} between two zero margins of {@code W + 1} floats, read flat from the
 * offset of tap {@code t}, with the one column that the flat read takes from the neighbouring row
 * zeroed. Chunks run in parallel on Kiln's threads and their partial products are added in chunk
 * order, in float64: the result does not depend on the thread count.
 *
 * <p>Measured (W3 shapes, 2 threads, the shared 2-core AVX-512 VM, one JVM with the paths
 * interleaved, median and min of 6 rounds): conv2 (32 to 64 channels, 14x14) weight gradient alone
 * {@link Conv3x3#weightTaps} 5.7 / 5.1 ms, this 3.8 / 3.4 ms (136 GFLOP/s); with the bias sums
 * through {@code ConvDirectPath}: 4.5 / 4.4 ms against 3.1 / 2.9 ms. Single-threaded the chunk
 * copies take 1.6 of 6.0 ms and the GEMMs run at about 120 GFLOP/s. Against the later taps kernel
 * (output channels in the lanes) this path wins only for many output channels or large planes:
 * {@code ConvDirectPath.weightByGemm} has the figures. JMH {@code Conv2dW3Benchmark.weightTaps /
 * weightGemm} (4 iterations, loaded VM): conv2 2 threads 4.9 +- 3.0 -> 3.8 +- 1.5 ms, 1 thread 8.0
 * +- 5.8 -> 5.4 +- 3.8 ms; conv1 2 threads 0.77 -> 0.93 ms, 1 thread 1.11 -> 1.54 ms.
 */
public final class Conv3x3WeightGemm {
  private Conv3x3WeightGemm() {}

  /**
   * Bytes of a chunk's unrolled input: W3 conv2 2 threads 1, 2 and 4 MB gave the same within the
   * noise (3.4, 3.5, 3.2 ms min); a megabyte stays within the L2 cache (2 MB per core here).
   */
  static final int COL_BYTES = 1 << 20;

  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[3][0]);

  /**
   * How {@code l}'s samples are cut into chunks: {@code samples} whole samples per chunk while a
   * sample's unrolled input fits {@link #COL_BYTES}, otherwise single samples in bands of {@code
   * rows} rows.
   */
  record Chunks(int samples, int rows, int count) {
    static Chunks of(Layout l, int inC) {
      long rowBytes = 4L * inC * 9 * l.w();
      long sampleBytes = rowBytes * l.h();
      if (sampleBytes <= COL_BYTES) {
        int per = (int) Math.min(l.n(), COL_BYTES / sampleBytes);
        return new Chunks(per, l.h(), (l.n() + per - 1) / per);
      }
      int rows = (int) Math.max(1, COL_BYTES / rowBytes);
      return new Chunks(1, rows, l.n() * ((l.h() + rows - 1) / rows));
    }
  }

  /**
   * The weight gradient {@code gw} [outC, inC, 3, 3] (overwritten) from the output gradient {@code
   * g} [N, outC, H, W] and input {@code x} [N, inC, H, W] (contiguous from {@code gOff}, {@code
   * xOff}), {@code N, H, W} from {@code l}; when {@code rowSums} is not null, {@code rowSums[s *
   * outC + o]} gets the float64 sum of gradient plane (s, o) (for the bias gradient). The contract
   * of {@link Conv3x3#weightTaps}.
   */
  public static void weightGradient(
      float[] g,
      int gOff,
      float[] x,
      int xOff,
      Layout l,
      int outC,
      int inC,
      float[] gw,
      double[] rowSums) {
    Chunks ch = Chunks.of(l, inC);
    int bands = (l.h() + ch.rows() - 1) / ch.rows();
    int stride = outC * inC * 9;
    // one array per chunk: a single one of count * stride floats (W3 conv2: 1.2 MB) is a humongous
    // object under G1's default regions, and cost about 0.8 ms a call in a 2 GB heap
    float[][] partial = new float[ch.count()][];
    Parallel.RangeBody body =
        (start, end) -> {
          for (int c = start; c < end; c++) {
            int s0 = c / bands * ch.samples();
            int y0 = c % bands * ch.rows();
            partial[c] = new float[stride];
            chunk(
                g,
                gOff,
                x,
                xOff,
                l,
                s0,
                Math.min(ch.samples(), l.n() - s0),
                y0,
                Math.min(l.h(), y0 + ch.rows()),
                outC,
                inC,
                rowSums,
                partial[c]);
          }
        };
    if (NativeBlas.available()) {
      NativeBlas.serially(() -> Parallel.parallelForShared(ch.count(), 1, body));
    } else {
      Parallel.parallelForShared(ch.count(), 1, body);
    }
    for (int i = 0; i < stride; i++) {
      double sum = 0;
      for (float[] p : partial) {
        sum += p[i];
      }
      gw[i] = (float) sum;
    }
  }

  /**
   * Rows {@code [y0, y1)} of samples {@code [s0, s0 + ns)}: {@code out} [outC, inC * 9] = their
   * product; the plane sums of the samples when {@code y0 == 0}.
   */
  private static void chunk(
      float[] g,
      int gOff,
      float[] x,
      int xOff,
      Layout l,
      int s0,
      int ns,
      int y0,
      int y1,
      int outC,
      int inC,
      double[] rowSums,
      float[] out) {
    int w = l.w();
    int plane = l.h() * w;
    int len = (y1 - y0) * w;
    int k = ns * len;
    float[][] buf = SCRATCH.get();
    // tap (ky, kx) of position p is img[p + ky * w + kx], except in the column that wraps
    float[] img = Conv3x3.scratch(buf, 0, plane + 2 * (w + 1), false);
    Arrays.fill(img, 0, w + 1, 0f);
    Arrays.fill(img, w + 1 + plane, plane + 2 * (w + 1), 0f);
    float[] gc = Conv3x3.scratch(buf, 1, outC * k, false);
    float[] col = Conv3x3.scratch(buf, 2, inC * 9 * k, false);
    for (int o = 0; o < outC; o++) {
      for (int s = 0; s < ns; s++) {
        int from = gOff + ((s0 + s) * outC + o) * plane;
        System.arraycopy(g, from + y0 * w, gc, o * k + s * len, len);
        if (rowSums != null && y0 == 0) {
          rowSums[(s0 + s) * outC + o] = CpuConvKernels.sum(g, from, plane);
        }
      }
    }
    for (int i = 0; i < inC; i++) {
      for (int s = 0; s < ns; s++) {
        System.arraycopy(x, xOff + ((s0 + s) * inC + i) * plane, img, w + 1, plane);
        for (int t = 0; t < 9; t++) {
          int to = (i * 9 + t) * k + s * len;
          int kx = t % 3;
          System.arraycopy(img, (y0 + t / 3) * w + kx, col, to, len);
          if (kx != 1) {
            // the padding column, which the flat read took from the neighbouring row
            for (int p = to + (kx == 0 ? 0 : w - 1); p < to + len; p += w) {
              col[p] = 0;
            }
          }
        }
      }
    }
    int cols = inC * 9;
    if (NativeBlas.available()) {
      NativeBlas.sgemm(false, true, outC, cols, k, gc, 0, k, col, 0, k, out, 0, cols);
    } else {
      CpuKernelsProvider.get().gemm(gc, 0, k, 1, col, 0, 1, k, out, 0, cols, outC, cols, k);
    }
  }
}
