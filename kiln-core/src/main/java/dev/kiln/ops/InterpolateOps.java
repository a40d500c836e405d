package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.backend.Backends;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Resampling: {@code interpolate} (PyTorch's {@code F.interpolate}, modes nearest, linear,
 * bilinear, bicubic) and {@code pixelShuffle}. Interpolation is separable: each resized dim is one
 * product with an [out, in] matrix of interpolation weights ({@code Backend.matmul}), applied width
 * first, which sums the same terms in the same order as PyTorch's kernels. Inputs that need a
 * gradient, or are float64, take the recorded {@code Tensor.matmul} instead: interpolation is
 * linear, so its derivative is the product with the transposed weights.
 */
public final class InterpolateOps {
  private InterpolateOps() {}

  public static final CompositeOp INTERPOLATE = new CompositeOp("interpolate");
  public static final CompositeOp PIXEL_SHUFFLE = new CompositeOp("pixelShuffle");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(INTERPOLATE, PIXEL_SHUFFLE);

  /** Bicubic convolution coefficient, as PyTorch. */
  private static final float CUBIC_A = -0.75f;

  /**
   * Resizes the spatial dims of {@code input} [N, C, *spatial] to {@code size}, or by {@code
   * scaleFactor} (then size = floor(in * scale) and the weights use 1 / scale, as PyTorch) when
   * {@code size} is null. Modes: {@code "nearest"} (1-D or 2-D), {@code "linear"} (1-D), {@code
   * "bilinear"} and {@code "bicubic"} (2-D); {@code alignCorners} only with the last three.
   */
  public static Tensor interpolate(
      Tensor input, int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
    String op = INTERPOLATE.name();
    boolean fast = ConvShapes.requireFloat(op, input) && !Autograd.isRecording(input);
    int rank = input.dim() - 2;
    boolean ok =
        switch (mode) {
          case "nearest" -> rank == 1 || rank == 2;
          case "linear" -> rank == 1;
          case "bilinear", "bicubic" -> rank == 2;
          default ->
              throw new IllegalArgumentException(
                  op + ": mode must be nearest, linear, bilinear or bicubic, got \"" + mode + "\"");
        };
    if (!ok) {
      throw new IllegalArgumentException(
          op + ": mode " + mode + " does not support input " + Shapes.str(input.shape()));
    }
    if (alignCorners && mode.equals("nearest")) {
      throw new IllegalArgumentException(op + ": alignCorners needs a linear or cubic mode");
    }
    if ((size == null) == (scaleFactor == null)) {
      throw new IllegalArgumentException(op + ": give exactly one of size and scaleFactor");
    }
    int[] in = ConvShapes.spatial(input, rank);
    int[] out = size != null ? ConvShapes.expand(op, "size", size, rank, 1) : new int[rank];
    double[] scale = new double[rank];
    if (scaleFactor != null) {
      if (scaleFactor.length != 1 && scaleFactor.length != rank) {
        throw new IllegalArgumentException(
            op
                + ": scaleFactor "
                + Arrays.toString(scaleFactor)
                + " must have 1 or "
                + rank
                + " values");
      }
      for (int d = 0; d < rank; d++) {
        scale[d] = scaleFactor[scaleFactor.length == 1 ? 0 : d];
        out[d] = (int) Math.floor(in[d] * scale[d]);
        if (out[d] < 1) {
          throw new IllegalArgumentException(
              op
                  + ": scaleFactor "
                  + Arrays.toString(scaleFactor)
                  + " gives output size "
                  + Arrays.toString(out)
                  + " for input "
                  + Shapes.str(input.shape()));
        }
      }
    }
    Tensor y = input.contiguous();
    for (int d = rank - 1; d >= 0; d--) {
      Tensor mT = weights(mode, in[d], out[d], scale[d], alignCorners);
      Tensor moved = y.transpose(-1, 2 + d);
      y = (fast ? resizeLast(moved, mT) : moved.matmul(mT.to(input.dtype()))).transpose(-1, 2 + d);
    }
    return y.contiguous();
  }

  /** {@code x} with its last dim of size in replaced by {@code m}'s out: {@code x @ m^T}. */
  private static Tensor resizeLast(Tensor x, Tensor mT) {
    int[] shape = x.shape();
    int in = shape[shape.length - 1];
    int rows = x.numel() / Math.max(in, 1);
    int out = mT.size(1);
    Tensor a = x.contiguous().view(1, rows, in);
    Tensor r = Tensor.empty(DType.FLOAT32, 1, rows, out);
    Backends.of(x.device()).matmul(a, mT.view(1, in, out), r);
    int[] outShape = shape.clone();
    outShape[shape.length - 1] = out;
    return r.view(outShape);
  }

  /** The transposed weight matrix [in, out] of one dim. */
  private static Tensor weights(String mode, int in, int out, double scaleFactor, boolean align) {
    float[] m = new float[in * out];
    float scale;
    if (align && !mode.equals("nearest")) {
      scale = out > 1 ? (float) (in - 1) / (out - 1) : 0f;
    } else {
      scale = scaleFactor > 0 ? (float) (1.0 / scaleFactor) : (float) in / out;
    }
    for (int o = 0; o < out; o++) {
      switch (mode) {
        case "nearest" -> m[Math.min((int) Math.floor(o * scale), in - 1) * out + o] = 1f;
        case "bicubic" -> {
          float src = align ? scale * o : scale * (o + 0.5f) - 0.5f;
          int i0 = (int) Math.floor(src);
          float t = src - i0;
          float[] c = {cubicFar(t + 1f), cubicNear(t), cubicNear(1f - t), cubicFar(2f - t)};
          for (int j = 0; j < 4; j++) {
            int i = Math.min(Math.max(i0 - 1 + j, 0), in - 1);
            m[i * out + o] += c[j];
          }
        }
        default -> {
          float src = align ? scale * o : Math.max(scale * (o + 0.5f) - 0.5f, 0f);
          int i0 = (int) src;
          int i1 = i0 + (i0 < in - 1 ? 1 : 0);
          float l1 = src - i0;
          m[i0 * out + o] += 1f - l1;
          m[i1 * out + o] += l1;
        }
      }
    }
    return Tensor.wrap(new Storage.FloatStorage(m), DType.FLOAT32, in, out);
  }

  private static float cubicNear(float x) {
    return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
  }

  private static float cubicFar(float x) {
    return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
  }

  /**
   * Rearranges [*, C * r^2, H, W] into [*, C, H * r, W * r]: channel {@code c * r^2 + i * r + j}
   * fills position {@code (h * r + i, w * r + j)} of channel {@code c}.
   */
  public static Tensor pixelShuffle(Tensor input, int r) {
    String op = PIXEL_SHUFFLE.name();
    int n = input.dim();
    if (n < 3 || r < 1 || input.size(n - 3) % (r * r) != 0) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Shapes.str(input.shape())
              + " must be [*, C * "
              + r
              + "^2, H, W] with upscale factor "
              + r
              + " >= 1");
    }
    int[] lead = Arrays.copyOf(input.shape(), n - 3);
    int c = input.size(n - 3) / (r * r);
    int h = input.size(n - 2);
    int w = input.size(n - 1);
    int k = lead.length;
    int[] perm = new int[k + 5];
    for (int i = 0; i < k; i++) {
      perm[i] = i;
    }
    int[] tail = {0, 3, 1, 4, 2}; // (C, r, r, H, W) -> (C, H, r, W, r)
    for (int i = 0; i < 5; i++) {
      perm[k + i] = k + tail[i];
    }
    return input
        .reshape(ConvShapes.concat(lead, c, r, r, h, w))
        .permute(perm)
        .reshape(ConvShapes.concat(lead, c, h * r, w * r));
  }
}
