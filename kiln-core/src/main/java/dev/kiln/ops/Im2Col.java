package dev.kiln.ops;

import static dev.kiln.ops.ConvShapes.expand;
import static dev.kiln.ops.ConvShapes.floats;
import static dev.kiln.ops.ConvShapes.spatial;

import dev.kiln.autograd.Autograd;
import dev.kiln.backend.cpu.CpuConvKernels;
import dev.kiln.backend.cpu.CpuConvKernels.Window;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * {@code im2col} (PyTorch's {@code F.unfold}: sliding 2-D blocks as columns) and its adjoint {@code
 * fold} ({@code F.fold}: columns summed back into an image): float32 kernels when no gradient is
 * needed, else (float64, or recording) the differentiable composites of {@link ConvGrads}, which
 * make each the other's derivative.
 */
public final class Im2Col {
  private Im2Col() {}

  public static final PrimitiveOp IM2COL = new PrimitiveOp("im2col");
  public static final PrimitiveOp FOLD = new PrimitiveOp("fold");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(IM2COL, FOLD);

  /**
   * The blocks of {@code input} [N, C, H, W] (or [C, H, W]) as columns [N, C * kh * kw, L], L =
   * number of windows, each option one value or (h, w).
   */
  public static Tensor im2col(
      Tensor input, int[] kernel, int[] dilation, int[] padding, int[] stride) {
    String op = IM2COL.name();
    boolean fast = ConvShapes.requireFloat(op, input) && !Autograd.isRecording(input);
    Tensor x = ConvShapes.batched(op, input, 2);
    int[] k = expand(op, "kernel", kernel, 2, 1);
    int[] dil = expand(op, "dilation", dilation, 2, 1);
    int[] pad = expand(op, "padding", padding, 2, 0);
    int[] st = expand(op, "stride", stride, 2, 1);
    int[] in = spatial(x, 2);
    int[] out = new int[2];
    for (int d = 0; d < 2; d++) {
      out[d] = ConvShapes.windows(op, input, in[d], k[d], st[d], pad[d], 2 * pad[d], dil[d], false);
    }
    int n = x.size(0);
    int c = x.size(1);
    Window w = ConvShapes.window(c, in, k, st, pad, dil, out);
    int rows = c * w.taps();
    int positions = w.positions();
    if (!fast) {
      Tensor map = ConvGrads.slidingMap(in, k, st, pad, dil, out);
      Tensor col = ConvGrads.gather(x, 2, map, positions, 0.0).reshape(n, rows, positions);
      return input.dim() == 3 ? col.squeeze(0) : col;
    }
    Tensor col = Tensor.empty(DType.FLOAT32, n, rows, positions);
    if (col.numel() > 0) {
      Tensor xc = x.contiguous();
      CpuConvKernels.im2col(
          floats(xc), xc.storageOffset(), n, w, floats(col), 0, positions, rows * positions);
    }
    return input.dim() == 3 ? col.squeeze(0) : col;
  }

  /**
   * Sums columns {@code input} [N, C * kh * kw, L] (or unbatched [C * kh * kw, L]) back into an
   * image [N, C, outputSize]; L must equal the number of windows over {@code outputSize}.
   */
  public static Tensor fold(
      Tensor input, int[] outputSize, int[] kernel, int[] dilation, int[] padding, int[] stride) {
    String op = FOLD.name();
    boolean fast = ConvShapes.requireFloat(op, input) && !Autograd.isRecording(input);
    Tensor x = ConvShapes.batched(op, input, 1);
    int[] size = expand(op, "outputSize", outputSize, 2, 1);
    int[] k = expand(op, "kernel", kernel, 2, 1);
    int[] dil = expand(op, "dilation", dilation, 2, 1);
    int[] pad = expand(op, "padding", padding, 2, 0);
    int[] st = expand(op, "stride", stride, 2, 1);
    int taps = k[0] * k[1];
    int[] out = new int[2];
    for (int d = 0; d < 2; d++) {
      out[d] =
          ConvShapes.windows(op, input, size[d], k[d], st[d], pad[d], 2 * pad[d], dil[d], false);
    }
    if (x.size(1) % taps != 0 || x.size(2) != out[0] * out[1]) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Shapes.str(input.shape())
              + " must be [N, C * "
              + taps
              + ", "
              + out[0] * out[1]
              + "] for output size "
              + Shapes.str(size)
              + " and kernel "
              + Shapes.str(k));
    }
    int n = x.size(0);
    int c = x.size(1) / taps;
    if (!fast) {
      Tensor map = ConvGrads.slidingMap(size, k, st, pad, dil, out);
      Tensor cols = x.reshape(n, c, taps, x.size(2));
      Tensor img = ConvGrads.scatter(cols, map, size[0] * size[1]).reshape(n, c, size[0], size[1]);
      return input.dim() == 2 ? img.squeeze(0) : img;
    }
    Tensor img = Tensor.zeros(DType.FLOAT32, n, c, size[0], size[1]);
    if (img.numel() > 0 && x.numel() > 0) {
      Window w = ConvShapes.window(c, size, k, st, pad, dil, out);
      Tensor xc = x.contiguous();
      CpuConvKernels.col2im(
          floats(xc),
          xc.storageOffset(),
          x.size(2),
          x.size(1) * x.size(2),
          n,
          w,
          floats(img),
          0,
          false);
    }
    return input.dim() == 2 ? img.squeeze(0) : img;
  }
}
