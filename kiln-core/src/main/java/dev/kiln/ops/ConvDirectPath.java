package dev.kiln.ops;

import static dev.kiln.ops.ConvShapes.floats;

import dev.kiln.backend.Backends;
import dev.kiln.backend.cpu.conv.Conv3x3;
import dev.kiln.backend.cpu.conv.Conv3x3.Layout;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * The float32 2-D 3x3 convolution with stride 1 and padding 1 ({@link Conv3x3#applies}), forward
 * and backward, without im2col:
 *
 * <ul>
 *   <li>forward: the input packed once into {@link Layout}, then {@link Conv3x3#convolve};
 *   <li>input gradient: the same kernel on the output gradient with the weights transposed and
 *       flipped;
 *   <li>weight gradient: up to 32 input channels, one streaming pass per chunk of samples ({@link
 *       Conv3x3#weightTaps}); wider, one GEMM per tap over the whole batch, {@code G [Cout, N *
 *       S] @ X_t^T} with {@code X_t} the packed input shifted by the tap (a strided view, no copy);
 *   <li>bias gradient: sums taken while the output gradient is packed.
 * </ul>
 *
 * <p>Measured (W3 shapes, shared 2-core AVX-512 VM, medians of runs interleaved with the im2col
 * path in one JVM): 1 thread, CPU time: conv1 fwd 2.9 -> 2.2 ms, conv2 fwd 9.0 -> 7.8 ms, conv2 bwd
 * 16.9 -> 17.8 ms, W3 step 66.5 -> 61.1 ms; 2 threads, wall time under load: conv2 fwd 20.5 -> 7.7
 * ms, W3 step 311 -> 86 ms (one parallel region per pass instead of several per chunk of samples,
 * and no OpenBLAS threads in the forward to compete with).
 */
final class ConvDirectPath {
  private ConvDirectPath() {}

  /** {@code a} from {@code offset} as a float32 tensor of {@code shape} and {@code strides}. */
  private static Tensor view(float[] a, int offset, int[] shape, int[] strides) {
    return Tensor.wrap(new Storage.FloatStorage(a), DType.FLOAT32, shape, strides, offset);
  }

  /**
   * Below this many input channels the weight gradient streams once over the output gradient
   * ({@link Conv3x3#weightTaps}, two output channels per pass) instead of nine GEMMs that each
   * re-read it. W3 conv1 backward (1 thread, CPU time, medians of interleaved runs on the shared
   * 2-core VM): nine GEMMs 5.2 ms, one channel per pass 2.3-2.7 ms. W3 conv2 (32 input channels)
   * fwd+bwd, 2 threads, min of 20 calls, two interleaved rounds on the loaded VM: nine GEMMs
   * 16.4-17.8 ms, two channels per pass 14.1-15.9 ms (and no OpenBLAS threads spinning). Wider
   * inputs (not measured) keep the GEMMs.
   */
  static final int FEW_INPUT_CHANNELS = 33;

  /**
   * {@code gw} [Cout, Cin, 9] by one GEMM per tap over the whole batch: {@code G [Cout, N * S] @
   * X_t^T}, X_t the packed input shifted by the tap (a transposed, offset view: no copy).
   */
  private static void weightGemms(
      float[] gp, float[] xp, Layout l, int cout, int cin, float[] gw, Tensor x) {
    int ld = l.ld();
    int k = l.n() * l.sampleStride();
    int rw = l.rowWidth();
    Tensor a = view(gp, l.margin(), new int[] {1, cout, k}, new int[] {0, ld, 1});
    Tensor tap = Tensor.empty(DType.FLOAT32, 1, cout, cin);
    float[] ta = floats(tap);
    for (int t = 0; t < 9; t++) {
      int shift = (t / 3) * rw + t % 3;
      Tensor b = view(xp, l.margin() + shift, new int[] {1, k, cin}, new int[] {0, 1, ld});
      Backends.of(x.device()).matmul(a, b, tap);
      for (int i = 0; i < cout * cin; i++) {
        gw[i * 9 + t] = ta[i];
      }
    }
  }

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
    int ld = l.ld();
    double[] sums = needBias ? new double[n * cout] : null;
    boolean taps = cin < FEW_INPUT_CHANNELS;
    float[] gp = null;
    if (needInput || (needWeight && !taps) || (needBias && !needWeight)) {
      gp = new float[cout * ld];
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
      if (taps) {
        Conv3x3.weightTaps(
            floats(g),
            g.storageOffset(),
            floats(x),
            x.storageOffset(),
            l,
            cout,
            cin,
            gwa,
            gp == null ? sums : null);
      } else {
        weightGemms(gp, packInput(x, l), l, cout, cin, gwa, x);
      }
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
