package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The differentiable (and dtype-generic) forms of the window ops: each is a composite of recorded
 * Tensor ops (an {@code indexSelect} of the window taps, {@code indexAdd} for the adjoint, batched
 * {@code matmul}, reductions), so gradients of any order come from those ops' derivatives. Used
 * when an input requires grad or is not float32; the float32 kernels stay the no-grad path.
 *
 * <p>A window map is a table of source indices [taps * positions] (tap-major, as the rows of an
 * im2col matrix) into one flattened input plane, with {@code plane} (one past the end) standing for
 * padding or a tap outside the input.
 */
final class ConvGrads {
  private ConvGrads() {}

  /**
   * The sources of a sliding window along one dim: {@code [out][k]} input indices, -1 outside [0,
   * in).
   */
  private static int[][] sliding(int in, int k, int stride, int pad, int dilation, int out) {
    int[][] src = new int[out][k];
    for (int o = 0; o < out; o++) {
      for (int t = 0; t < k; t++) {
        int i = o * stride - pad + t * dilation;
        src[o][t] = i >= 0 && i < in ? i : -1;
      }
    }
    return src;
  }

  /** The window map of sliding windows with per-dim sizes and options (see {@link #sliding}). */
  static Tensor slidingMap(int[] in, int[] k, int[] stride, int[] pad, int[] dilation, int[] out) {
    int[][][] perDim = new int[in.length][][];
    for (int d = 0; d < in.length; d++) {
      perDim[d] = sliding(in[d], k[d], stride[d], pad[d], dilation[d], out[d]);
    }
    return windowMap(in, perDim);
  }

  /** The window map of PyTorch's adaptive windows from spatial size {@code in} to {@code out}. */
  static Tensor adaptiveMap(int[] in, int[] out) {
    int[][][] perDim = new int[in.length][][];
    for (int d = 0; d < in.length; d++) {
      perDim[d] = adaptive(in[d], out[d]);
    }
    return windowMap(in, perDim);
  }

  /**
   * The number of taps of each of the {@code positions} windows of {@code map} inside the input.
   */
  static double[] insideTaps(Tensor map, int positions, int plane) {
    long[] m = (long[]) map.storage().array();
    double[] r = new double[positions];
    for (int i = 0; i < m.length; i++) {
      if (m[i] != plane) {
        r[i % positions]++;
      }
    }
    return r;
  }

  /**
   * The sources of PyTorch's adaptive windows along one dim: window {@code o} covers {@code
   * [floor(o * in / out), ceil((o + 1) * in / out))}, padded with -1 to the longest window.
   */
  private static int[][] adaptive(int in, int out) {
    int longest = 0;
    for (int o = 0; o < out; o++) {
      longest = Math.max(longest, adaptiveEnd(o, in, out) - adaptiveStart(o, in, out));
    }
    int[][] src = new int[out][longest];
    for (int o = 0; o < out; o++) {
      int start = adaptiveStart(o, in, out);
      int end = adaptiveEnd(o, in, out);
      for (int t = 0; t < longest; t++) {
        src[o][t] = start + t < end ? start + t : -1;
      }
    }
    return src;
  }

  private static int adaptiveStart(int o, int in, int out) {
    return (int) ((long) o * in / out);
  }

  private static int adaptiveEnd(int o, int in, int out) {
    return (int) (((long) (o + 1) * in + out - 1) / out);
  }

  /**
   * The window map of per-dim source tables over an input of spatial size {@code in}: int64 [taps *
   * positions], taps and positions both row-major over the dims.
   */
  static Tensor windowMap(int[] in, int[][][] perDim) {
    int rank = in.length;
    int plane = Shapes.numel(in);
    int[] out = new int[rank];
    int[] k = new int[rank];
    for (int d = 0; d < rank; d++) {
      out[d] = perDim[d].length;
      k[d] = out[d] == 0 ? 0 : perDim[d][0].length;
    }
    int taps = Shapes.numel(k);
    int positions = Shapes.numel(out);
    long[] map = new long[taps * positions];
    int[] t = new int[rank];
    int[] o = new int[rank];
    for (int ti = 0; ti < taps; ti++) {
      unravel(ti, k, t);
      for (int p = 0; p < positions; p++) {
        unravel(p, out, o);
        long src = 0;
        for (int d = 0; d < rank && src >= 0; d++) {
          int i = perDim[d][o[d]][t[d]];
          src = i < 0 ? -1 : src * in[d] + i;
        }
        map[ti * positions + p] = src < 0 ? plane : src;
      }
    }
    return Tensor.wrap(new Storage.LongStorage(map), DType.INT64, map.length);
  }

  private static void unravel(int flat, int[] sizes, int[] into) {
    for (int d = sizes.length - 1; d >= 0; d--) {
      into[d] = flat % sizes[d];
      flat /= sizes[d];
    }
  }

  /**
   * The window taps of {@code x} [N, C, *in] as [N, C, taps, positions], {@code padValue} where a
   * tap falls outside the input.
   */
  static Tensor gather(Tensor x, int rank, Tensor map, int positions, double padValue) {
    int n = x.size(0);
    int c = x.size(1);
    int plane = Shapes.numel(ConvShapes.spatial(x, rank));
    Tensor padded =
        Tensor.cat(2, x.reshape(n, c, plane), Tensor.full(padValue, x.dtype(), n, c, 1));
    return padded.indexSelect(2, map).reshape(n, c, map.numel() / positions, positions);
  }

  /**
   * The adjoint of {@link #gather}: {@code cols} [N, C, taps, positions] summed into [N, C, plane]
   * at the window map's sources (taps outside the input dropped).
   */
  static Tensor scatter(Tensor cols, Tensor map, int plane) {
    int n = cols.size(0);
    int c = cols.size(1);
    Tensor sums =
        Tensor.zeros(cols.dtype(), n, c, plane + 1)
            .indexAdd(2, map, cols.reshape(n, c, map.numel()));
    return sums.narrow(2, 0, plane);
  }

  /**
   * The convolution of {@code x} [N, Cin, *in] with {@code weight} [Cout, Cin / groups, *k] and
   * {@code bias} (may be null) over the windows of {@code map}: [N, Cout, *out].
   */
  static Tensor conv(Tensor x, Tensor weight, Tensor bias, int groups, Tensor map, int[] out) {
    int rank = out.length;
    int n = x.size(0);
    int cout = weight.size(0);
    int positions = Shapes.numel(out);
    int rows = x.size(1) / groups * (map.numel() / positions);
    Tensor cols = gather(x, rank, map, positions, 0.0).reshape(n, groups, rows, positions);
    Tensor w = weight.reshape(groups, cout / groups, rows);
    Tensor y = w.matmul(cols).reshape(ConvShapes.concat(new int[] {n, cout}, out));
    return withBias(y, bias, rank);
  }

  /**
   * The gradients of {@link #conv} given the output gradient {@code g} [N, Cout, *out], in Tensor
   * ops (so differentiable again): {input, weight, bias}, each null unless asked for. The input
   * gradient is the weights' transpose times {@code g}, summed back through the window map; the
   * weight gradient is {@code g} times the input's window taps, summed over the batch.
   */
  static Tensor[] convBackward(
      Tensor x,
      Tensor weight,
      Tensor g,
      int groups,
      Tensor map,
      boolean needInput,
      boolean needWeight,
      boolean needBias) {
    int rank = x.dim() - 2;
    int n = x.size(0);
    int cin = x.size(1);
    int cout = weight.size(0);
    int positions = Shapes.numel(ConvShapes.spatial(g, rank));
    int taps = map.numel() / Math.max(1, positions);
    int rows = cin / groups * taps;
    Tensor gg = g.reshape(n, groups, cout / groups, positions);
    Tensor gx = null;
    if (needInput) {
      Tensor wt = weight.reshape(groups, cout / groups, rows).transpose(1, 2);
      Tensor cols = wt.matmul(gg).reshape(n, cin, taps, positions);
      gx = scatter(cols, map, Shapes.numel(ConvShapes.spatial(x, rank))).reshape(x.shape());
    }
    Tensor gw = null;
    if (needWeight) {
      Tensor cols = gather(x, rank, map, positions, 0.0).reshape(n, groups, rows, positions);
      gw = gg.matmul(cols.transpose(2, 3)).sum(new int[] {0}, false).reshape(weight.shape());
    }
    Tensor gb = needBias ? g.reshape(n, cout, positions).sum(new int[] {0, 2}, false) : null;
    return new Tensor[] {gx, gw, gb};
  }

  /**
   * The transposed convolution of {@code x} [N, Cin, *in] with {@code weight} [Cin, Cout / groups,
   * *k] and {@code bias} (may be null): each input position's {@code weight^T x} spread over its
   * window of the output [N, Cout, *out], {@code map} being the windows of the output.
   */
  static Tensor convTranspose(
      Tensor x, Tensor weight, Tensor bias, int groups, Tensor map, int[] out) {
    int rank = out.length;
    int n = x.size(0);
    int cin = x.size(1);
    int cout = weight.size(1) * groups;
    int positions = Shapes.numel(ConvShapes.spatial(x, rank));
    Tensor xg = x.reshape(n, groups, cin / groups, positions);
    int taps = map.numel() / positions;
    Tensor wt = weight.reshape(groups, cin / groups, cout / groups * taps).transpose(1, 2);
    Tensor cols = wt.matmul(xg).reshape(n, cout, taps, positions);
    Tensor y =
        scatter(cols, map, Shapes.numel(out)).reshape(ConvShapes.concat(new int[] {n, cout}, out));
    return withBias(y, bias, rank);
  }

  /** {@code y} [N, C, *spatial] plus {@code bias} [C] (none when null) per channel. */
  static Tensor withBias(Tensor y, Tensor bias, int rank) {
    if (bias == null) {
      return y;
    }
    int[] shape = new int[rank + 2];
    Arrays.fill(shape, 1);
    shape[1] = bias.numel();
    return y.add(bias.reshape(shape));
  }

  /**
   * {@code x} [*lead, *in] as one batch of planes [1, planes, *in] for the pools, which treat every
   * leading dim alike.
   */
  static Tensor planes(Tensor x, int rank) {
    int[] in = ConvShapes.spatial(x, rank);
    return x.reshape(
        ConvShapes.concat(new int[] {1, x.numel() / Math.max(1, Shapes.numel(in))}, in));
  }

  /**
   * The maximum of each window of {@code x} [*lead, *in] (taps outside count as -inf), shaped
   * {@code outShape}, with its int64 source index within the plane.
   */
  static Tensor[] maxPool(Tensor x, int rank, Tensor map, int[] outShape) {
    int positions =
        Shapes.numel(Arrays.copyOfRange(outShape, outShape.length - rank, outShape.length));
    Tensor cols = gather(planes(x, rank), rank, map, positions, Double.NEGATIVE_INFINITY);
    var vi = cols.max(2);
    Tensor taps = vi.indices().reshape(cols.size(1), positions);
    Tensor sources = map.reshape(-1, positions).gather(0, taps);
    return new Tensor[] {vi.values().reshape(outShape), sources.reshape(outShape)};
  }

  /**
   * The sum of each window of {@code x} [*lead, *in] divided by {@code divisors} [positions],
   * shaped {@code outShape}.
   */
  static Tensor avgPool(Tensor x, int rank, Tensor map, double[] divisors, int[] outShape) {
    int positions = divisors.length;
    Tensor cols = gather(planes(x, rank), rank, map, positions, 0.0);
    Tensor d = Tensor.wrap(new Storage.DoubleStorage(divisors), DType.FLOAT64, positions);
    return cols.sum(2).div(d.to(x.dtype())).reshape(outShape);
  }
}
