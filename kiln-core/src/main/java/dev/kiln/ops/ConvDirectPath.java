package dev.kiln.ops;

import static dev.kiln.ops.ConvShapes.floats;

import dev.kiln.backend.cpu.conv.Conv3x3;
import dev.kiln.backend.cpu.conv.Conv3x3.Layout;
import dev.kiln.backend.cpu.conv.Conv3x3WeightGemm;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * The float32 2-D 3x3 convolution with stride 1 and padding 1 ({@link Conv3x3#applies}), forward
 * and backward, without unrolling the whole batch (im2col):
 *
 * <ul>
 *   <li>forward: the input packed once into {@link Layout}, then {@link Conv3x3#convolve};
 *   <li>input gradient: the same kernel on the output gradient with the weights transposed and
 *       flipped;
 *   <li>weight gradient: below {@link #GEMM_MIN_INPUT_CHANNELS} input channels, one streaming pass
 *       per chunk of samples ({@link Conv3x3#weightTaps}); from it, one GEMM per chunk of samples
 *       on their unrolled input ({@link Conv3x3WeightGemm});
 *   <li>bias gradient: sums taken while the output gradient is packed.
 * </ul>
 *
 * <p>Measured (W3 shapes, shared 2-core AVX-512 VM, medians of runs interleaved with the im2col
 * path in one JVM): 1 thread, CPU time: conv1 fwd 2.9 -> 2.2 ms, conv2 fwd 9.0 -> 7.8 ms, conv2 bwd
 * 16.9 -> 17.8 ms, W3 step 66.5 -> 61.1 ms; 2 threads, wall time under load: conv2 fwd 20.5 -> 7.7
 * ms, W3 step 311 -> 86 ms (one parallel region per pass instead of several per chunk of samples,
 * and no OpenBLAS threads in the forward to compete with). The weight gradient of conv2 on {@link
 * Conv3x3WeightGemm} instead of {@link Conv3x3#weightTaps}, inside W3 steps (2 threads, timed
 * around the call, 5 rounds of 10 steps alternating in one JVM, loaded VM): 4.9-6.6 -> 3.7-4.6 ms
 * per step (conv1's taps 1.25-1.7 ms, on the GEMM 1.6-2.0). The whole W3 step, the two alternating
 * every 5 steps (100 steps each, median / min): default G1 regions 32.1 / 24.4 -> 30.2 / 22.0 ms
 * and 29.4 / 21.1 -> 28.0 / 19.6 ms; with {@code G1HeapRegionSize=32m} (as {@code kiln bench}) 31.4
 * / 22.8 -> 31.3 / 23.6 ms and 29.4 / 22.0 -> 28.9 / 20.7 ms: the gain is within the step's noise.
 */
final class ConvDirectPath {
  private ConvDirectPath() {}

  /** A weight gradient with the contract of {@link Conv3x3#weightTaps}. */
  @FunctionalInterface
  private interface WeightGradient {
    void run(
        float[] g,
        int gOff,
        float[] x,
        int xOff,
        Layout l,
        int outC,
        int inC,
        float[] gw,
        double[] rowSums);
  }

  private static final WeightGradient WEIGHT_TAPS = Conv3x3::weightTaps;
  private static final WeightGradient WEIGHT_GEMM = Conv3x3WeightGemm::weightGradient;

  /**
   * From this many input channels the weight gradient is one GEMM per chunk of samples ({@link
   * Conv3x3WeightGemm}); below it, one streaming pass per chunk ({@link Conv3x3#weightTaps}).
   * Weight and bias gradients of 64 samples, 2 threads, one JVM with the two interleaved (min of 5
   * rounds, shared 2-core VM; Cin-Cout-size): 1-32-28 taps 0.99 ms, GEMM 1.09; 2-32-28 1.08, 1.16;
   * 4-32-28 1.64, 1.64; 8-32-14 0.89, 0.74; 16-64-14 2.5, 1.7; 32-64-14 (W3 conv2) 4.4, 2.9;
   * 64-64-14 7.7, 5.9; 128-128-7 (32 samples) 5.9, 3.5. The nine whole-batch GEMMs that inputs from
   * 33 channels took before were slower than the chunked GEMM: 64-64-14 11.1 ms, 128-128-7 5.3 ms.
   * With {@code -Dkiln.blas=off} (Java GEMM) the two are level within the noise: 32-64-14 taps
   * 6.2-8.5 ms, GEMM 6.0-7.2 (min of two runs); 8-32-14 2.2-2.4, 2.3-3.3; 128-128-7 6.1-7.2,
   * 4.3-5.9.
   */
  static final int GEMM_MIN_INPUT_CHANNELS = 8;

  /** {@code x} [N, Cin, H, W] (contiguous) packed as an image. */
  private static float[] packInput(Tensor x, Layout l) {
    float[] xp = new float[x.size(1) * l.ld()];
    Conv3x3.pack(floats(x), x.storageOffset(), x.size(1), l, true, xp, null);
    return xp;
  }

  /**
   * Fills {@code out} [N, Cout, H, W] (contiguous, offset 0) with the convolution of {@code x} [N,
   * Cin, H, W] (contiguous) and {@code weight} [Cout, Cin, 3, 3] plus {@code bias} (may be null).
   */
  static void forward(Tensor x, Tensor weight, Tensor bias, Tensor out) {
    Layout l = new Layout(x.size(0), x.size(2), x.size(3));
    int cin = x.size(1);
    int cout = weight.size(0);
    Tensor wc = weight.contiguous();
    float[] wp = Conv3x3.packWeights(floats(wc), wc.storageOffset(), cout, cin, false);
    Tensor bc = bias == null ? null : bias.contiguous();
    Conv3x3.convolve(
        packInput(x, l),
        l,
        cin,
        true,
        wp,
        cout,
        floats(out),
        out.storageOffset(),
        bc == null ? null : floats(bc),
        bc == null ? 0 : bc.storageOffset());
  }

  /**
   * The gradients of {@link #forward} given the output gradient {@code g} [N, Cout, H, W] (all
   * contiguous): {input, weight, bias}, each null unless asked for.
   */
  static Tensor[] backward(
      Tensor x, Tensor weight, Tensor g, boolean needInput, boolean needWeight, boolean needBias) {
    int n = x.size(0);
    int cin = x.size(1);
    int cout = weight.size(0);
    Layout l = new Layout(n, x.size(2), x.size(3));
    double[] sums = needBias ? new double[n * cout] : null;
    float[] gp = null;
    if (needInput || (needBias && !needWeight)) {
      gp = new float[cout * l.ld()];
      Conv3x3.pack(floats(g), g.storageOffset(), cout, l, false, gp, sums);
    }
    Tensor gx = null;
    if (needInput) {
      gx = Tensor.empty(DType.FLOAT32, x.shape());
      Tensor wc = weight.contiguous();
      float[] wt = Conv3x3.packWeights(floats(wc), wc.storageOffset(), cin, cout, true);
      Conv3x3.convolve(gp, l, cout, false, wt, cin, floats(gx), 0, null, 0);
    }
    Tensor gw = null;
    if (needWeight) {
      float[] gwa = new float[cout * cin * 9];
      WeightGradient path = cin >= GEMM_MIN_INPUT_CHANNELS ? WEIGHT_GEMM : WEIGHT_TAPS;
      path.run(
          floats(g),
          g.storageOffset(),
          floats(x),
          x.storageOffset(),
          l,
          cout,
          cin,
          gwa,
          gp == null ? sums : null);
      gw = Tensor.wrap(new Storage.FloatStorage(gwa), DType.FLOAT32, weight.shape());
    }
    Tensor gb = null;
    if (needBias) {
      float[] b = new float[cout];
      double[] acc = new double[cout];
      for (int i = 0; i < n * cout; i++) {
        acc[i % cout] += sums[i];
      }
      for (int c = 0; c < cout; c++) {
        b[c] = (float) acc[c];
      }
      gb = Tensor.wrap(new Storage.FloatStorage(b), DType.FLOAT32, cout);
    }
    return new Tensor[] {gx, gw, gb};
  }
}
