package dev.kiln.tensor;

import dev.kiln.ops.ConvOps;
import dev.kiln.ops.Im2Col;
import dev.kiln.ops.InterpolateOps;
import dev.kiln.ops.PoolOps;

/**
 * Convolution and pooling functions (PyTorch's {@code torch.nn.functional} ones), called as {@code
 * Tensor.conv2d(...)}. Inputs are batched [N, C, *spatial] or unbatched [C, *spatial], float32 or
 * float64; all of them record gradients.
 *
 * {@snippet :
 * Tensor x = Tensor.rand(8, 3, 32, 32);
 * Tensor w = Tensor.rand(16, 3, 3, 3);
 * Tensor y = Tensor.conv2d(x, w, null, ConvOptions.defaults().withPadding("same"));  // [8, 16, 32, 32]
 * Tensor p = Tensor.maxPool2d(y, PoolOptions.of(2));                                // [8, 16, 16, 16]
 * }
 */
public abstract sealed class TensorConvolution extends TensorLinalg permits Tensor {
  TensorConvolution(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  // ---- convolutions ----

  /** 1-D convolution of [N, Cin, L] with weight [Cout, Cin / groups, k] plus bias (or null). */
  public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
    return ConvOps.conv(1, input, weight, bias, options);
  }

  /** 1-D convolution with stride 1, no padding, no bias. */
  public static Tensor conv1d(Tensor input, Tensor weight) {
    return conv1d(input, weight, null, ConvOptions.defaults());
  }

  /**
   * 2-D convolution of [N, Cin, H, W] with weight [Cout, Cin / groups, kh, kw] plus bias [Cout] (or
   * null).
   *
   * @throws IllegalArgumentException when the channels do not match weight x groups, or the dilated
   *     kernel is larger than the padded input
   */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
    return ConvOps.conv(2, input, weight, bias, options);
  }

  /** 2-D convolution with stride 1, no padding. */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias) {
    return conv2d(input, weight, bias, ConvOptions.defaults());
  }

  /** 2-D convolution with stride 1, no padding, no bias. */
  public static Tensor conv2d(Tensor input, Tensor weight) {
    return conv2d(input, weight, null, ConvOptions.defaults());
  }

  /** 3-D convolution of [N, Cin, D, H, W] with weight [Cout, Cin / groups, kd, kh, kw]. */
  public static Tensor conv3d(Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
    return ConvOps.conv(3, input, weight, bias, options);
  }

  /** 1-D transposed convolution of [N, Cin, L] with weight [Cin, Cout / groups, k]. */
  public static Tensor convTranspose1d(
      Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
    return ConvOps.convTranspose(1, input, weight, bias, options);
  }

  /** 2-D transposed convolution of [N, Cin, H, W] with weight [Cin, Cout / groups, kh, kw]. */
  public static Tensor convTranspose2d(
      Tensor input, Tensor weight, Tensor bias, ConvOptions options) {
    return ConvOps.convTranspose(2, input, weight, bias, options);
  }

  // ---- pooling ----

  /** 1-D max pooling over the last dim. */
  public static Tensor maxPool1d(Tensor input, PoolOptions options) {
    return PoolOps.maxPoolValues(1, input, options);
  }

  /** 1-D max pooling, with the index of each maximum along the last dim. */
  public static ValuesIndices maxPool1dWithIndices(Tensor input, PoolOptions options) {
    return PoolOps.maxPool(1, input, options);
  }

  /** 2-D max pooling over the last two dims. */
  public static Tensor maxPool2d(Tensor input, PoolOptions options) {
    return PoolOps.maxPoolValues(2, input, options);
  }

  /** 2-D max pooling with a square window and stride = kernel. */
  public static Tensor maxPool2d(Tensor input, int kernel) {
    return maxPool2d(input, PoolOptions.of(kernel));
  }

  /** 2-D max pooling, with the index {@code h * W + w} of each maximum in its input plane. */
  public static ValuesIndices maxPool2dWithIndices(Tensor input, PoolOptions options) {
    return PoolOps.maxPool(2, input, options);
  }

  /** 1-D average pooling over the last dim. */
  public static Tensor avgPool1d(Tensor input, PoolOptions options) {
    return PoolOps.avgPool(1, input, options);
  }

  /** 2-D average pooling over the last two dims. */
  public static Tensor avgPool2d(Tensor input, PoolOptions options) {
    return PoolOps.avgPool(2, input, options);
  }

  /** 1-D adaptive average pooling to {@code outputSize} positions. */
  public static Tensor adaptiveAvgPool1d(Tensor input, int outputSize) {
    return PoolOps.adaptiveAvgPool(1, input, new int[] {outputSize});
  }

  /** 2-D adaptive average pooling to {@code outputSize} (one value or (h, w)). */
  public static Tensor adaptiveAvgPool2d(Tensor input, int... outputSize) {
    return PoolOps.adaptiveAvgPool(2, input, outputSize);
  }

  /** 2-D adaptive max pooling to {@code outputSize} (one value or (h, w)). */
  public static Tensor adaptiveMaxPool2d(Tensor input, int... outputSize) {
    return PoolOps.adaptiveMaxPool(2, input, outputSize).values();
  }

  /** 2-D adaptive max pooling, with the in-plane index of each maximum. */
  public static ValuesIndices adaptiveMaxPool2dWithIndices(Tensor input, int... outputSize) {
    return PoolOps.adaptiveMaxPool(2, input, outputSize);
  }

  /** 2-D power-average pooling: {@code (sum of x^p over each window)^(1/p)}, no padding. */
  public static Tensor lpPool2d(Tensor input, double normType, PoolOptions options) {
    return PoolOps.lpPool2d(input, normType, options);
  }

  // ---- im2col and fold ----

  /**
   * PyTorch's {@code F.unfold}: the sliding blocks of [N, C, H, W] as columns [N, C * kh * kw, L];
   * each option is one value or (h, w).
   */
  public static Tensor im2col(
      Tensor input, int[] kernel, int[] dilation, int[] padding, int[] stride) {
    return Im2Col.im2col(input, kernel, dilation, padding, stride);
  }

  /** PyTorch's {@code F.fold}: columns [N, C * kh * kw, L] summed back into [N, C, outputSize]. */
  public static Tensor fold(
      Tensor input, int[] outputSize, int[] kernel, int[] dilation, int[] padding, int[] stride) {
    return Im2Col.fold(input, outputSize, kernel, dilation, padding, stride);
  }

  // ---- resampling ----

  /**
   * Resizes the spatial dims of [N, C, *spatial] to {@code size} (one value or one per dim) with
   * {@code mode} {@code "nearest"}, {@code "linear"} (1-D), {@code "bilinear"} or {@code "bicubic"}
   * (2-D); {@code alignCorners} maps corner pixel centres onto each other (not for nearest).
   */
  public static Tensor interpolate(Tensor input, int[] size, String mode, boolean alignCorners) {
    return InterpolateOps.interpolate(input, size, null, mode, alignCorners);
  }

  /** Resizes by {@code scaleFactor} (one value or one per dim): size = floor(in * scale). */
  public static Tensor interpolate(
      Tensor input, double[] scaleFactor, String mode, boolean alignCorners) {
    return InterpolateOps.interpolate(input, null, scaleFactor, mode, alignCorners);
  }

  /** Rearranges [*, C * r^2, H, W] into [*, C, H * r, W * r] (sub-pixel upscaling). */
  public static Tensor pixelShuffle(Tensor input, int upscaleFactor) {
    return InterpolateOps.pixelShuffle(input, upscaleFactor);
  }
}
