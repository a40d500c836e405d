package dev.kiln.ops;

import static dev.kiln.ops.ConvShapes.concat;
import static dev.kiln.ops.ConvShapes.expand;
import static dev.kiln.ops.ConvShapes.floats;
import static dev.kiln.ops.ConvShapes.spatial;

import dev.kiln.autograd.Autograd;
import dev.kiln.backend.Backends;
import dev.kiln.backend.cpu.CpuConvKernels;
import dev.kiln.backend.cpu.CpuConvKernels.Window;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Convolutions and transposed convolutions (PyTorch's {@code conv1d/2d/3d}, {@code
 * conv_transpose1d/2d}). float32 convolutions run the chunked im2col + GEMM kernels of {@link
 * ConvKernelPath} forward and backward; float64 ones run the composite of {@link ConvGrads} without
 * recording it. Either way a convolution records one node whose derivative is the kernel backward
 * (float32), or the Tensor-op gradients of {@link ConvGrads#convBackward} (float64, or when a graph
 * of the backward is built, so higher-order gradients work). Transposed convolutions use im2col +
 * one batched GEMM for float32 inputs that need no gradient, else the differentiable composite.
 * Inputs are [N, C, *spatial] or unbatched [C, *spatial].
 */
public final class ConvOps {
  private ConvOps() {}

  public static final PrimitiveOp CONV1D = new PrimitiveOp("conv1d");
  public static final PrimitiveOp CONV2D = new PrimitiveOp("conv2d");
  public static final PrimitiveOp CONV3D = new PrimitiveOp("conv3d");
  public static final PrimitiveOp CONV_TRANSPOSE1D = new PrimitiveOp("convTranspose1d");
  public static final PrimitiveOp CONV_TRANSPOSE2D = new PrimitiveOp("convTranspose2d");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D);

  /**
   * The convolution of {@code input} [N, Cin, *spatial] with {@code weight} [Cout, Cin / groups,
   * *kernel] plus {@code bias} [Cout] (may be null), for spatial rank 1, 2 or 3.
   *
   * @throws IllegalArgumentException for mismatched channels, shapes or options, or a kernel larger
   *     than the padded input
   */
  public static Tensor conv(int rank, Tensor input, Tensor weight, Tensor bias, ConvOptions o) {
    String op = "conv" + rank + "d";
    boolean f32 = ConvShapes.requireFloat(op, input, weight, bias);
    Tensor x = ConvShapes.batched(op, input, rank);
    int groups = checkGroups(op, o.groups());
    requireWeightRank(op, weight, rank);
    int n = x.size(0);
    int cin = x.size(1);
    int cout = weight.size(0);
    if (weight.size(1) * groups != cin || cout % groups != 0) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Shapes.str(input.shape())
              + " has "
              + cin
              + " channels but weight "
              + Shapes.str(weight.shape())
              + " expects "
              + weight.size(1)
              + " x groups "
              + groups
              + " = "
              + weight.size(1) * groups
              + (cout % groups != 0
                  ? ", and its " + cout + " output channels do not divide by groups"
                  : ""));
    }
    requireBias(op, bias, cout);
    int[] in = spatial(x, rank);
    int[] k = spatial(weight, rank);
    int[] stride = expand(op, "stride", o.stride(), rank, 1);
    int[] dil = expand(op, "dilation", o.dilation(), rank, 1);
    int[] padBefore;
    int[] padTotal;
    if ("same".equals(o.paddingMode())) {
      for (int s : stride) {
        if (s != 1) {
          throw new IllegalArgumentException(
              op + ": padding \"same\" needs stride 1, got stride " + Shapes.str(o.stride()));
        }
      }
      padTotal = new int[rank];
      padBefore = new int[rank];
      for (int d = 0; d < rank; d++) {
        padTotal[d] = dil[d] * (k[d] - 1);
        padBefore[d] = padTotal[d] / 2;
      }
    } else {
      padBefore = expand(op, "padding", o.padding(), rank, 0);
      padTotal = new int[rank];
      for (int d = 0; d < rank; d++) {
        padTotal[d] = 2 * padBefore[d];
      }
    }
    int[] out = new int[rank];
    for (int d = 0; d < rank; d++) {
      out[d] =
          ConvShapes.windows(
              op, input, in[d], k[d], stride[d], padBefore[d], padTotal[d], dil[d], false);
    }
    Window w = ConvShapes.window(cin, in, k, stride, padBefore, dil, out);
    Tensor map = f32 ? null : ConvGrads.slidingMap(in, k, stride, padBefore, dil, out);
    Tensor result;
    if (f32) {
      result = Tensor.empty(DType.FLOAT32, concat(new int[] {n, cout}, out));
      if (result.numel() > 0) {
        ConvKernelPath.forward(x.contiguous(), weight, bias, w, groups, result);
      }
    } else {
      try (var s = Autograd.noGrad()) {
        result = ConvGrads.conv(x, weight, bias, groups, map, out);
      }
    }
    Tensor y = input.dim() == rank + 1 ? result.squeeze(0) : result;
    Tensor[] inputs =
        bias == null ? new Tensor[] {input, weight} : new Tensor[] {input, weight, bias};
    return Autograd.record(
        op,
        y,
        (node, g) -> {
          Tensor xs = ConvShapes.batched(op, node.input(0), rank);
          Tensor ws = node.input(1);
          Tensor gb = ConvShapes.batched(op, g, rank);
          boolean bx = node.needsGrad(0);
          boolean bw = node.needsGrad(1);
          boolean bb = bias != null && node.needsGrad(2);
          Tensor[] r =
              f32 && !Autograd.isRecording(g, xs, ws)
                  ? ConvKernelPath.backward(
                      xs.contiguous(), ws, gb.contiguous(), w, groups, bx, bw, bb)
                  : ConvGrads.convBackward(
                      xs,
                      ws,
                      gb.to(xs.dtype()),
                      groups,
                      map != null ? map : ConvGrads.slidingMap(in, k, stride, padBefore, dil, out),
                      bx,
                      bw,
                      bb);
          if (r[0] != null && input.dim() == rank + 1) {
            r[0] = r[0].squeeze(0);
          }
          return bias == null ? new Tensor[] {r[0], r[1]} : r;
        },
        inputs);
  }

  /**
   * The transposed convolution (the adjoint of {@link #conv}) of {@code input} [N, Cin, *spatial]
   * with {@code weight} [Cin, Cout / groups, *kernel] plus {@code bias} [Cout] (may be null):
   * output size {@code (in - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1}.
   */
  public static Tensor convTranspose(
      int rank, Tensor input, Tensor weight, Tensor bias, ConvOptions o) {
    String op = "convTranspose" + rank + "d";
    boolean fast =
        ConvShapes.requireFloat(op, input, weight, bias)
            && !Autograd.isRecording(input, weight, bias);
    if (o.paddingMode() != null) {
      throw new IllegalArgumentException(
          op + ": padding \"" + o.paddingMode() + "\" is not supported, give integer padding");
    }
    Tensor x = ConvShapes.batched(op, input, rank);
    int groups = checkGroups(op, o.groups());
    requireWeightRank(op, weight, rank);
    int n = x.size(0);
    int cin = x.size(1);
    if (weight.size(0) != cin || cin % groups != 0) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Shapes.str(input.shape())
              + " has "
              + cin
              + " channels but weight "
              + Shapes.str(weight.shape())
              + " expects "
              + weight.size(0)
              + (cin % groups != 0 ? ", divisible by groups " + groups : ""));
    }
    int cout = weight.size(1) * groups;
    requireBias(op, bias, cout);
    int[] in = spatial(x, rank);
    int[] k = spatial(weight, rank);
    int[] stride = expand(op, "stride", o.stride(), rank, 1);
    int[] dil = expand(op, "dilation", o.dilation(), rank, 1);
    int[] pad = expand(op, "padding", o.padding(), rank, 0);
    int[] outPad = expand(op, "outputPadding", o.outputPadding(), rank, 0);
    int[] out = new int[rank];
    for (int d = 0; d < rank; d++) {
      if (outPad[d] >= stride[d] && outPad[d] >= dil[d]) {
        throw new IllegalArgumentException(
            op
                + ": outputPadding "
                + Shapes.str(o.outputPadding())
                + " must be smaller than stride "
                + Shapes.str(o.stride())
                + " or dilation "
                + Shapes.str(o.dilation()));
      }
      out[d] = (in[d] - 1) * stride[d] - 2 * pad[d] + dil[d] * (k[d] - 1) + outPad[d] + 1;
      if (out[d] <= 0) {
        throw new IllegalArgumentException(
            op
                + ": input "
                + Shapes.str(input.shape())
                + " gives an empty output with padding "
                + Shapes.str(o.padding()));
      }
    }
    if (!fast) {
      Tensor map = ConvGrads.slidingMap(out, k, stride, pad, dil, in);
      Tensor result = ConvGrads.convTranspose(x, weight, bias, groups, map, out);
      return input.dim() == rank + 1 ? result.squeeze(0) : result;
    }
    int[] outShape = concat(new int[] {n, cout}, out);
    Tensor img = Tensor.zeros(DType.FLOAT32, outShape);
    Window w = ConvShapes.window(cout, out, k, stride, pad, dil, in);
    int positions = w.positions();
    if (img.numel() > 0 && positions > 0) {
      int cinG = cin / groups;
      int rows = cout / groups * w.taps();
      // inputs as [groups, Cin/groups, N * positions], weights as [groups, rows, Cin/groups]
      Tensor xg =
          x.contiguous()
              .view(concat(new int[] {n, groups, cinG}, positions))
              .permute(1, 2, 0, 3)
              .contiguous()
              .view(groups, cinG, n * positions);
      // a transposed view: the GEMM reads it in place (a BLAS transpose flag)
      Tensor wt = weight.contiguous().view(groups, cinG, rows).transpose(1, 2);
      Tensor col = Tensor.empty(DType.FLOAT32, groups, rows, n * positions);
      Backends.of(input.device()).matmul(wt, xg, col);
      CpuConvKernels.col2im(floats(col), 0, n * positions, positions, n, w, floats(img), 0, true);
    }
    Tensor result = ConvGrads.withBias(img, bias, rank);
    return input.dim() == rank + 1 ? result.squeeze(0) : result;
  }

  private static int checkGroups(String op, int groups) {
    if (groups < 1) {
      throw new IllegalArgumentException(op + ": groups must be positive, got " + groups);
    }
    return groups;
  }

  private static void requireWeightRank(String op, Tensor weight, int rank) {
    if (weight.dim() != rank + 2) {
      throw new IllegalArgumentException(
          op + ": weight must be " + (rank + 2) + "-D, got " + Shapes.str(weight.shape()));
    }
  }

  private static void requireBias(String op, Tensor bias, int channels) {
    if (bias != null && (bias.dim() != 1 || bias.size(0) != channels)) {
      throw new IllegalArgumentException(
          op + ": bias " + Shapes.str(bias.shape()) + " must be [" + channels + "]");
    }
  }
}
