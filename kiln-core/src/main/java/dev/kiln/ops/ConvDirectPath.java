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
 *   <li>weight gradient: one streaming pass per chunk of samples ({@link Conv3x3#weightTaps}), or
 *       for many output channels or large planes ({@link #weightByGemm}) one GEMM per chunk of
 *       samples on their unrolled input ({@link Conv3x3WeightGemm});
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
   * Whether the weight gradient of {@code outC} output channels over planes of {@code plane}
   * positions is one GEMM per chunk of samples ({@link Conv3x3WeightGemm}) rather than one
   * streaming pass ({@link Conv3x3#weightTaps}, 32 output channels per pass over the input): above
   * 64 output channels or 28x28 positions. Weight and bias gradients, 2 threads, one JVM with the
   * two interleaved, min of 40 calls (shared 2-core VM, 2026-11-24; Cin-Cout-size x samples, taps /
   * GEMM ms): 1-32-28x64 0.57 / 1.43; 8-32-14x64 0.66 / 1.15; 16-64-14x64 1.63 / 1.80; 32-64-14x64
   * (W3 conv2) 3.19 / 3.47; 64-64-14x64 4.30 / 6.92; 64-64-28x16 4.46 / 7.89; 128-64-14x32 4.16 /
   * 6.84; 128-128-7x32 3.85 / 3.98; 256-256-7x16 12.2 / 11.5; 32-128-28x16 12.7 / 7.37;
   * 64-128-28x16 17.9 / 13.1; 64-256-14x16 5.93 / 4.65; 32-32-56x8 5.21 / 4.10.
   */
  static boolean weightByGemm(int outC, int plane) {
    return outC > 64 || plane > 28 * 28;
  }

  /**
   * The calling thread's packed operands, kept between calls: slot 0 the forward's input, slot 1
   * the backward's output gradient ({@link Conv3x3#pack} writes every float it reads, so neither is
   * cleared). A fresh array cost the JVM's zeroing of cold memory, about 0.1 ms a MB (W3 conv2: 2
   * MB forward, 4 MB backward per step). Fresh / reused interleaved in one JVM, 2 threads, 225
   * calls, two runs on the loaded shared VM, min / median ms: conv2 forward 3.40 / 4.94 -> 3.50 /
   * 4.79 and 2.98 / 4.70 -> 2.64 / 4.44; conv2 backward (input, weight, bias) 5.58 / 8.73 -> 5.79 /
   * 8.35 and 4.96 / 7.73 -> 4.54 / 7.41.
   */
  private static final ThreadLocal<float[][]> PACKED =
      ThreadLocal.withInitial(() -> new float[2][0]);

  /** {@code x} [N, Cin, H, W] (contiguous) packed as an image into the calling thread's slot 0. */
  private static float[] packInput(Tensor x, Layout l) {
    float[] xp = Conv3x3.scratch(PACKED.get(), 0, x.size(1) * l.ld(), false);
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
      gp = Conv3x3.scratch(PACKED.get(), 1, cout * l.ld(), false);
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
      WeightGradient path = weightByGemm(cout, x.size(2) * x.size(3)) ? WEIGHT_GEMM : WEIGHT_TAPS;
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
