package dev.kiln.ops;

import static dev.kiln.ops.ConvShapes.concat;
import static dev.kiln.ops.ConvShapes.expand;
import static dev.kiln.ops.ConvShapes.floats;
import static dev.kiln.ops.ConvShapes.spatial;

import dev.kiln.autograd.Autograd;
import dev.kiln.backend.cpu.CpuConvKernels.Window;
import dev.kiln.backend.cpu.CpuPoolKernels;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.util.Arrays;
import java.util.List;

/**
 * Max, average, adaptive and Lp pooling over the last 1 or 2 dims of [N, C, *spatial] or [C,
 * *spatial] float32 or float64 inputs, as PyTorch's {@code torch.nn.functional} pools. Max pooling
 * runs the float32 kernel (float64: the composite of {@link ConvGrads}, not recorded) and records
 * one node whose backward adds each output gradient at its maximum's index (a scatter kernel, or
 * {@code scatterAdd} when a graph of the backward is built); a float32 2x2 stride-2 pool keeps one
 * byte per window instead and its backward writes the whole input gradient. The other pools run
 * float32 kernels when no gradient is needed, else the differentiable composites of {@link
 * ConvGrads}. Max-pool indices are int64, flat over one input plane.
 */
public final class PoolOps {
  private PoolOps() {}

  public static final PrimitiveOp MAX_POOL1D = new PrimitiveOp("maxPool1d");
  public static final PrimitiveOp MAX_POOL2D = new PrimitiveOp("maxPool2d");
  public static final PrimitiveOp AVG_POOL1D = new PrimitiveOp("avgPool1d");
  public static final PrimitiveOp AVG_POOL2D = new PrimitiveOp("avgPool2d");
  public static final PrimitiveOp ADAPTIVE_AVG_POOL1D = new PrimitiveOp("adaptiveAvgPool1d");
  public static final PrimitiveOp ADAPTIVE_AVG_POOL2D = new PrimitiveOp("adaptiveAvgPool2d");
  public static final PrimitiveOp ADAPTIVE_MAX_POOL2D = new PrimitiveOp("adaptiveMaxPool2d");
  public static final CompositeOp LP_POOL2D = new CompositeOp("lpPool2d");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(
          MAX_POOL1D,
          MAX_POOL2D,
          AVG_POOL1D,
          AVG_POOL2D,
          ADAPTIVE_AVG_POOL1D,
          ADAPTIVE_AVG_POOL2D,
          ADAPTIVE_MAX_POOL2D,
          LP_POOL2D);

  /** A pooling geometry resolved from the options, with the output shape. */
  private record Plan(Window window, int[] outShape) {}

  /** Whether the float32 kernels can run: float32 input and no gradient to record. */
  private static boolean fast(String op, Tensor input) {
    return ConvShapes.requireFloat(op, input) && !Autograd.isRecording(input);
  }

  /** The window map of a plan's sliding windows, for the differentiable path. */
  private static Tensor slidingMap(Plan p) {
    Window w = p.window();
    return ConvGrads.slidingMap(w.in(), w.kernel(), w.stride(), w.pad(), w.dilation(), w.out());
  }

  private static Plan plan(String op, int rank, Tensor input, PoolOptions o, boolean dilated) {
    ConvShapes.batched(op, input, rank);
    int[] k = expand(op, "kernel", o.kernel(), rank, 1);
    int[] st = o.stride() == null ? k : expand(op, "stride", o.stride(), rank, 1);
    int[] pad = expand(op, "padding", o.padding(), rank, 0);
    int[] dil = dilated ? expand(op, "dilation", o.dilation(), rank, 1) : new int[] {1, 1};
    int[] in = spatial(input, rank);
    int[] out = new int[rank];
    for (int d = 0; d < rank; d++) {
      if (pad[d] > k[d] / 2) {
        throw new IllegalArgumentException(
            op
                + ": padding "
                + Shapes.str(o.padding())
                + " must be at most half the kernel size "
                + Shapes.str(o.kernel()));
      }
      out[d] =
          ConvShapes.windows(
              op, input, in[d], k[d], st[d], pad[d], 2 * pad[d], dil[d], o.ceilMode());
    }
    return planFor(input, rank, in, k, st, pad, Arrays.copyOf(dil, rank), out);
  }

  private static Plan planFor(
      Tensor input, int rank, int[] in, int[] k, int[] st, int[] pad, int[] dil, int[] out) {
    int[] lead = Arrays.copyOf(input.shape(), input.dim() - rank);
    int planes = Shapes.numel(lead);
    Window w = ConvShapes.window(planes, in, k, st, pad, dil, out);
    return new Plan(w, concat(lead, out));
  }

  /** The float32 data of {@code input}, contiguous from index 0, for the kernels. */
  private static float[] source(Tensor input) {
    Tensor x = input.contiguous();
    return floats(x.storageOffset() == 0 ? x : x.clone());
  }

  /**
   * Max over each window (padding counts as -inf), with the int64 index of each maximum within its
   * input plane.
   */
  public static ValuesIndices maxPool(int rank, Tensor input, PoolOptions o) {
    return maxPool(rank, input, o, true);
  }

  /**
   * {@link #maxPool}'s values alone: the same op, without the int64 indices (a 2x2 stride-2 pool
   * keeps one byte per window for its backward instead, W3: 4.8 MB less written and read a step).
   */
  public static Tensor maxPoolValues(int rank, Tensor input, PoolOptions o) {
    return maxPool(rank, input, o, false).values();
  }

  private static ValuesIndices maxPool(int rank, Tensor input, PoolOptions o, boolean indexed) {
    String op = "maxPool" + rank + "d";
    boolean f32 = ConvShapes.requireFloat(op, input);
    Plan p = plan(op, rank, input, o, true);
    Window w = p.window();
    int[] inputShape = input.shape();
    if (f32 && CpuPoolKernels.isPlain2x2(w)) {
      return maxPool2x2(op, input, p, indexed);
    }
    Tensor values;
    Tensor indices;
    if (f32) {
      values = Tensor.empty(DType.FLOAT32, p.outShape());
      indices = Tensor.empty(DType.INT64, p.outShape());
      if (values.numel() > 0) {
        CpuPoolKernels.maxPool(source(input), w, floats(values), longs(indices));
      }
    } else {
      try (var s = Autograd.noGrad()) {
        Tensor[] vi = ConvGrads.maxPool(input, rank, slidingMap(p), p.outShape());
        values = vi[0];
        indices = vi[1];
      }
    }
    Autograd.record(
        op, values, (node, g) -> new Tensor[] {maxPoolBackward(g, indices, inputShape, w)}, input);
    return new ValuesIndices(values, indices);
  }

  /**
   * The float32 {@link CpuPoolKernels#isPlain2x2} pool: values, one tap code per window when a
   * gradient or the indices (then int64, as the generic loop's) are needed, and a backward that
   * writes the whole input gradient from the codes. Measured in {@code CpuPoolKernels} and
   * kiln-bench {@code MaxPoolW3}; in the W3 step (JFR shares, 5-6 runs each on the loaded VM)
   * forward 7.9 -> 6.5 %, backward 4.6 -> 5.4 % (noisy).
   */
  private static ValuesIndices maxPool2x2(String op, Tensor input, Plan p, boolean indexed) {
    Window w = p.window();
    int[] inputShape = input.shape();
    boolean recording = Autograd.isRecording(input);
    Tensor values = Tensor.empty(DType.FLOAT32, p.outShape());
    byte[] taps = recording || indexed ? new byte[values.numel()] : null;
    if (values.numel() > 0) {
      CpuPoolKernels.maxPool2x2(source(input), w, floats(values), taps);
    }
    Tensor indices = indexed ? tapIndices(taps, p) : null;
    Autograd.record(
        op, values, (node, g) -> new Tensor[] {maxPool2x2Backward(g, taps, p, inputShape)}, input);
    return new ValuesIndices(values, indices);
  }

  private static Tensor tapIndices(byte[] taps, Plan p) {
    Tensor indices = Tensor.empty(DType.INT64, p.outShape());
    CpuPoolKernels.tapIndices(taps, p.window(), longs(indices));
    return indices;
  }

  /**
   * The input gradient of {@link #maxPool2x2}: the kernel for float32 when no graph of the backward
   * is built (every element written, so the gradient starts empty, not zeroed), else the
   * differentiable {@code scatterAdd} of {@link #maxPoolBackward} at the codes' indices.
   */
  private static Tensor maxPool2x2Backward(Tensor g, byte[] taps, Plan p, int[] inputShape) {
    if (g.dtype() != DType.FLOAT32 || Autograd.isRecording(g)) {
      return maxPoolBackward(g, tapIndices(taps, p), inputShape, p.window());
    }
    Tensor gx = Tensor.empty(DType.FLOAT32, inputShape);
    if (gx.numel() > 0) {
      CpuPoolKernels.maxPool2x2Backward(source(g), taps, p.window(), floats(gx));
    }
    return gx;
  }

  private static long[] longs(Tensor t) {
    return (long[]) t.storage().array();
  }

  /**
   * The input gradient of a max pool: each output gradient added at its maximum's source. The
   * kernel for float32 when no graph of the backward is built, else a {@code scatterAdd} (Tensor
   * ops, differentiable again).
   */
  private static Tensor maxPoolBackward(Tensor g, Tensor indices, int[] inputShape, Window w) {
    int planes = w.channels();
    int positions = w.positions();
    int plane = w.plane();
    if (g.dtype() == DType.FLOAT32 && !Autograd.isRecording(g)) {
      Tensor gx = Tensor.zeros(DType.FLOAT32, inputShape);
      if (g.numel() > 0) {
        Tensor gc = g.contiguous();
        CpuPoolKernels.maxPoolBackward(
            floats(gc), gc.storageOffset(), longs(indices), planes, positions, plane, floats(gx));
      }
      return gx;
    }
    return Tensor.zeros(g.dtype(), planes, plane)
        .scatterAdd(1, indices.reshape(planes, positions), g.reshape(planes, positions))
        .reshape(inputShape);
  }

  /** Mean over each window (see {@link PoolOptions#countIncludePad()}). */
  public static Tensor avgPool(int rank, Tensor input, PoolOptions o) {
    String op = "avgPool" + rank + "d";
    boolean fast = fast(op, input);
    Plan p = plan(op, rank, input, o, false);
    if (!fast) {
      double[] divisors = divisors(p.window(), o.countIncludePad());
      return ConvGrads.avgPool(input, rank, slidingMap(p), divisors, p.outShape());
    }
    Tensor out = Tensor.empty(DType.FLOAT32, p.outShape());
    if (out.numel() > 0) {
      CpuPoolKernels.avgPool(source(input), p.window(), floats(out), o.countIncludePad());
    }
    return out;
  }

  /** Mean over adaptive windows giving exactly {@code outputSize} (one value or one per dim). */
  public static Tensor adaptiveAvgPool(int rank, Tensor input, int[] outputSize) {
    String op = "adaptiveAvgPool" + rank + "d";
    boolean fast = fast(op, input);
    Plan p = adaptivePlan(op, rank, input, outputSize);
    if (!fast) {
      Window w = p.window();
      Tensor map = ConvGrads.adaptiveMap(w.in(), w.out());
      double[] divisors = ConvGrads.insideTaps(map, w.positions(), w.plane());
      return ConvGrads.avgPool(input, rank, map, divisors, p.outShape());
    }
    Tensor out = Tensor.empty(DType.FLOAT32, p.outShape());
    if (out.numel() > 0) {
      CpuPoolKernels.adaptivePool(source(input), p.window(), floats(out), null, false);
    }
    return out;
  }

  /** Max over adaptive windows giving exactly {@code outputSize}, with in-plane indices. */
  public static ValuesIndices adaptiveMaxPool(int rank, Tensor input, int[] outputSize) {
    String op = "adaptiveMaxPool" + rank + "d";
    boolean fast = fast(op, input);
    Plan p = adaptivePlan(op, rank, input, outputSize);
    if (!fast) {
      Window w = p.window();
      Tensor[] vi =
          ConvGrads.maxPool(input, rank, ConvGrads.adaptiveMap(w.in(), w.out()), p.outShape());
      return new ValuesIndices(vi[0], vi[1]);
    }
    Tensor values = Tensor.empty(DType.FLOAT32, p.outShape());
    Tensor indices = Tensor.empty(DType.INT64, p.outShape());
    if (values.numel() > 0) {
      CpuPoolKernels.adaptivePool(source(input), p.window(), floats(values), longs(indices), true);
    }
    return new ValuesIndices(values, indices);
  }

  private static Plan adaptivePlan(String op, int rank, Tensor input, int[] outputSize) {
    ConvShapes.batched(op, input, rank);
    int[] out = expand(op, "outputSize", outputSize, rank, 1);
    int[] in = spatial(input, rank);
    for (int s : in) {
      if (s == 0) {
        throw new IllegalArgumentException(
            op + ": input " + Shapes.str(input.shape()) + " has an empty spatial dim");
      }
    }
    int[] ones = new int[rank];
    Arrays.fill(ones, 1);
    return planFor(input, rank, in, ones, ones, new int[rank], ones, out);
  }

  /**
   * PyTorch's average-pool divisor of each window position: the window clipped to the padded input,
   * or (without {@code includePad}) to the input itself.
   */
  private static double[] divisors(Window w, boolean includePad) {
    int[] out = w.out();
    double[] r = new double[w.positions()];
    int p = 0;
    for (int oz = 0; oz < out[0]; oz++) {
      for (int oy = 0; oy < out[1]; oy++) {
        for (int ox = 0; ox < out[2]; ox++) {
          r[p++] =
              extent(w, 0, oz, includePad)
                  * extent(w, 1, oy, includePad)
                  * extent(w, 2, ox, includePad);
        }
      }
    }
    return r;
  }

  private static int extent(Window w, int d, int o, boolean includePad) {
    int start = o * w.stride()[d] - w.pad()[d];
    int end = Math.min(start + w.kernel()[d], w.in()[d] + w.pad()[d]);
    return includePad ? end - start : Math.min(end, w.in()[d]) - Math.max(start, 0);
  }

  /**
   * {@code (sum over each window of x^p)^(1/p)}, PyTorch's {@code lp_pool2d}: an average pool of
   * {@code x^p} (no padding) scaled by the window size.
   */
  public static Tensor lpPool2d(Tensor input, double normType, PoolOptions o) {
    PoolOptions noPad = o.withPadding(0).withCountIncludePad(true);
    Tensor out = avgPool(2, input.pow(normType), noPad);
    int[] k = expand(LP_POOL2D.name(), "kernel", o.kernel(), 2, 1);
    return out.sign().mul(out.abs().relu()).mul((double) (k[0] * k[1])).pow(1.0 / normType);
  }
}
