package dev.kiln.ops;

import static dev.kiln.ops.ConvShapes.floats;

import dev.kiln.backend.Backend;
import dev.kiln.backend.Backends;
import dev.kiln.backend.cpu.CpuConvKernels;
import dev.kiln.backend.cpu.CpuConvKernels.Window;
import dev.kiln.backend.cpu.conv.Conv3x3;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * The float32 convolution forward and backward over chunks of samples: a chunk's columns [groups,
 * Cin/groups * taps, samples * positions] are built by im2col into a reused per-thread scratch
 * buffer, and each product is one {@code Backend.matmul} per chunk (OpenBLAS when loaded; a
 * transposed operand is passed as a view, never copied):
 *
 * <ul>
 *   <li>forward: {@code y = W [groups, Cout/g, rows] @ cols}, moved to [N, Cout, positions] with
 *       the bias;
 *   <li>weight gradient: {@code sum over chunks of G @ cols^T}, G the chunk's output gradient as
 *       [groups, Cout/g, samples * positions];
 *   <li>input gradient: {@code col2im(W^T @ G)};
 *   <li>bias gradient: per-row sums taken while G is packed, added in sample order.
 * </ul>
 *
 * <p>The chunk size depends only on the shapes, so results are deterministic for a given thread
 * count (the threads split rows of the copies and the GEMM's output, never a sum).
 */
final class ConvKernelPath {
  private ConvKernelPath() {}

  /**
   * Floats per chunk buffer (1 MiB): samples are grouped up to this size, so that a chunk's columns
   * and packed output stay in the L2 cache between the copies and the GEMMs while the GEMMs stay
   * large.
   */
  static final int CHUNK_FLOATS = 1 << 18;

  /**
   * Whether the direct 3x3 path ({@link ConvDirectPath}) runs for {@code x} [N, Cin, H, W] and
   * {@code weight}: its shapes (2-D, none empty), unless {@code -Dkiln.conv.direct=false} (read on
   * each call, so benchmarks can compare the paths).
   */
  static boolean direct(Tensor x, Tensor weight, Window w, int groups) {
    return x.dim() == 4
        && x.size(0) > 0
        && weight.size(0) > 0
        && Conv3x3.applies(w, groups)
        && !"false".equals(System.getProperty("kiln.conv.direct"));
  }

  /** Scratch slots: columns, the packed output (gradient), the weight-gradient partial. */
  private static final int COLS = 0;

  private static final int PACKED = 1;
  private static final int PARTIAL = 2;

  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[3][0]);

  /** The calling thread's scratch array {@code slot}, grown to at least {@code size} floats. */
  private static float[] scratch(int slot, int size) {
    float[][] s = SCRATCH.get();
    if (s[slot].length < size) {
      s[slot] = new float[size];
    }
    return s[slot];
  }

  /** {@code a} from index 0 as a contiguous float32 tensor of {@code shape} (no copy). */
  private static Tensor view(float[] a, int... shape) {
    int[] strides = new int[shape.length];
    int st = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = st;
      st *= shape[d];
    }
    return Tensor.wrap(new Storage.FloatStorage(a), DType.FLOAT32, shape, strides, 0);
  }

  /**
   * Samples per chunk for window {@code w}, {@code cout} output channels and batch {@code n}: the
   * larger of the chunk's columns and its packed output stays within {@link #CHUNK_FLOATS}.
   */
  private static int chunk(Window w, int cout, int n) {
    long perSample = (long) Math.max(w.channels() * w.taps(), cout) * w.positions();
    return (int) Math.max(1, Math.min(n, CHUNK_FLOATS / Math.max(1, perSample)));
  }

  /**
   * Fills {@code out} [N, Cout, *out] (contiguous, offset 0) with the convolution of {@code x} [N,
   * Cin, *in] (contiguous) and {@code weight} [Cout, Cin/groups, *k] plus {@code bias} (may be
   * null).
   */
  static void forward(Tensor x, Tensor weight, Tensor bias, Window w, int groups, Tensor out) {
    if (direct(x, weight, w, groups)) {
      ConvDirectPath.forward(x, weight, bias, out);
      return;
    }
    int n = x.size(0);
    int cout = weight.size(0);
    int positions = w.positions();
    int rows = w.channels() * w.taps();
    int inSize = w.channels() * w.plane();
    Tensor wv = weight.contiguous().view(groups, cout / groups, rows / groups);
    Tensor bc = bias == null ? null : bias.contiguous();
    float[] ba = bc == null ? null : floats(bc);
    int bo = bc == null ? 0 : bc.storageOffset();
    Backend backend = Backends.of(x.device());
    int per = chunk(w, cout, n);
    for (int s0 = 0; s0 < n; s0 += per) {
      int s = Math.min(per, n - s0);
      int len = s * positions;
      float[] col = scratch(COLS, rows * len);
      CpuConvKernels.im2col(
          floats(x), x.storageOffset() + s0 * inSize, s, w, col, 0, len, positions);
      float[] y = scratch(PACKED, cout * len);
      backend.matmul(
          wv, view(col, groups, rows / groups, len), view(y, groups, cout / groups, len));
      CpuConvKernels.unpackChannels(
          y, s, cout, positions, floats(out), s0 * cout * positions, ba, bo);
    }
  }

  /**
   * The gradients of the convolution of {@code x} [N, Cin, *in] and {@code weight} given the output
   * gradient {@code g} [N, Cout, *out] (all contiguous): {input, weight, bias}, each null unless
   * asked for.
   */
  static Tensor[] backward(
      Tensor x,
      Tensor weight,
      Tensor g,
      Window w,
      int groups,
      boolean needInput,
      boolean needWeight,
      boolean needBias) {
    if (direct(x, weight, w, groups)) {
      return ConvDirectPath.backward(x, weight, g, needInput, needWeight, needBias);
    }
    int n = x.size(0);
    int cout = weight.size(0);
    int coutG = cout / groups;
    int positions = w.positions();
    int rows = w.channels() * w.taps();
    int rowsG = rows / groups;
    int inSize = w.channels() * w.plane();
    Tensor wv = weight.contiguous().view(groups, coutG, rowsG);
    Tensor gx = needInput ? Tensor.zeros(DType.FLOAT32, x.shape()) : null;
    Tensor gw = needWeight ? Tensor.zeros(DType.FLOAT32, groups, coutG, rowsG) : null;
    double[] gb = needBias ? new double[cout] : null;
    Backend backend = Backends.of(x.device());
    int per = chunk(w, cout, n);
    double[] rowSums = needBias ? new double[per * cout] : null;
    for (int s0 = 0; s0 < n; s0 += per) {
      int s = Math.min(per, n - s0);
      int len = s * positions;
      float[] packed = scratch(PACKED, cout * len);
      CpuConvKernels.packChannels(
          floats(g),
          g.storageOffset() + s0 * cout * positions,
          s,
          cout,
          positions,
          packed,
          rowSums);
      Tensor gp = view(packed, groups, coutG, len);
      float[] col = scratch(COLS, rows * len);
      Tensor cols = view(col, groups, rowsG, len);
      if (needBias) {
        for (int i = 0; i < s * cout; i++) {
          gb[i % cout] += rowSums[i];
        }
      }
      if (needWeight) {
        CpuConvKernels.im2col(
            floats(x), x.storageOffset() + s0 * inSize, s, w, col, 0, len, positions);
        float[] part = scratch(PARTIAL, cout * rowsG);
        backend.matmul(gp, cols.transpose(1, 2), view(part, groups, coutG, rowsG));
        float[] acc = floats(gw);
        for (int i = 0; i < cout * rowsG; i++) {
          acc[i] += part[i];
        }
      }
      if (needInput) {
        backend.matmul(wv.transpose(1, 2), gp, cols);
        CpuConvKernels.col2im(col, 0, len, positions, s, w, floats(gx), s0 * inSize, true);
      }
    }
    Tensor bias = null;
    if (needBias) {
      float[] b = new float[cout];
      for (int c = 0; c < cout; c++) {
        b[c] = (float) gb[c];
      }
      bias = view(b, cout);
    }
    return new Tensor[] {gx, gw == null ? null : gw.view(weight.shape()), bias};
  }
}
