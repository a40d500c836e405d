package dev.kiln.ops;

import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Op-table rows for convolutions, pooling and im2col/fold; mirrored by {@code
 * tools/fixtures/cases/conv.py}.
 */
final class ConvCases {
  private ConvCases() {}

  private static final ConvOptions DEF = ConvOptions.defaults();

  private static int[] d(int... v) {
    return v;
  }

  private static Tensor[] vi(ValuesIndices r) {
    return new Tensor[] {r.values(), r.indices()};
  }

  /** The NHWC storage of a fixture input viewed as [N, C, H, W]. */
  private static Tensor nchw(Tensor nhwc) {
    return nhwc.permute(0, 3, 1, 2);
  }

  static List<OpCase> all() {
    return Stream.of(convolutions(), pools(), columns(), resampling(), float64())
        .flatMap(List::stream)
        .toList();
  }

  /**
   * A convolution row: the 1e-5 relative bound of the issue, and an absolute bound for results that
   * cancel: a sum of up to 288 products with sum |term| ~ 70 differs from PyTorch's summation order
   * by a few 1e-6.
   */
  private static OpCase conv(String op, String sample, Function<Tensor[], Tensor> fn) {
    return OpCase.of(op, sample, fn).tol(1e-5, 1e-5);
  }

  private static List<OpCase> convolutions() {
    return List.of(
        conv("conv2d", "basic", x -> Tensor.conv2d(x[0], x[1], x[2])),
        conv("conv2d", "no_bias", x -> Tensor.conv2d(x[0], x[1])),
        conv(
            "conv2d",
            "stride_pad",
            x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withStride(2).withPadding(1))),
        conv(
            "conv2d",
            "stride_pad_hw",
            x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withStride(2, 1).withPadding(1, 2))),
        conv(
            "conv2d",
            "dilation",
            x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1).withDilation(2, 3))),
        conv(
            "conv2d",
            "groups",
            x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1).withGroups(2))),
        conv(
            "conv2d",
            "depthwise",
            x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withStride(2).withGroups(3))),
        conv(
            "conv2d",
            "same_even_kernel",
            x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding("same"))),
        conv(
            "conv2d",
            "same_dilated",
            x -> Tensor.conv2d(x[0], x[1], null, DEF.withPadding("same").withDilation(2))),
        conv("conv2d", "valid", x -> Tensor.conv2d(x[0], x[1], null, DEF.withPadding("valid"))),
        conv(
            "conv2d",
            "noncontiguous",
            x -> Tensor.conv2d(nchw(x[0]), x[1], null, DEF.withPadding(1))),
        conv("conv2d", "empty_batch", x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1))),
        conv("conv2d", "unbatched", x -> Tensor.conv2d(x[0], x[1])),
        conv("conv2d", "wide_channels", x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1))),
        conv("conv1d", "basic", x -> Tensor.conv1d(x[0], x[1], x[2], DEF)),
        conv(
            "conv1d",
            "options",
            x ->
                Tensor.conv1d(
                    x[0],
                    x[1],
                    x[2],
                    DEF.withStride(2).withPadding(2).withDilation(2).withGroups(2))),
        conv("conv1d", "same", x -> Tensor.conv1d(x[0], x[1], null, DEF.withPadding("same"))),
        conv("conv3d", "basic", x -> Tensor.conv3d(x[0], x[1], x[2], DEF)),
        conv(
            "conv3d",
            "options",
            x ->
                Tensor.conv3d(
                    x[0], x[1], null, DEF.withStride(1, 2, 2).withPadding(1).withGroups(2))),
        conv("convTranspose1d", "basic", x -> Tensor.convTranspose1d(x[0], x[1], x[2], DEF)),
        conv(
            "convTranspose1d",
            "options",
            x ->
                Tensor.convTranspose1d(
                    x[0],
                    x[1],
                    x[2],
                    DEF.withStride(2)
                        .withPadding(1)
                        .withOutputPadding(1)
                        .withGroups(2)
                        .withDilation(2))),
        conv("convTranspose2d", "basic", x -> Tensor.convTranspose2d(x[0], x[1], x[2], DEF)),
        conv(
            "convTranspose2d",
            "options",
            x ->
                Tensor.convTranspose2d(
                    x[0],
                    x[1],
                    null,
                    DEF.withStride(2, 3).withPadding(1, 0).withOutputPadding(1, 2).withGroups(2))),
        conv(
            "convTranspose2d",
            "empty_batch",
            x -> Tensor.convTranspose2d(x[0], x[1], x[2], DEF.withStride(2))),
        conv(
            "convTranspose2d",
            "unbatched",
            x -> Tensor.convTranspose2d(x[0], x[1], null, DEF.withStride(2))));
  }

  private static List<OpCase> pools() {
    return List.of(
        OpCase.of("maxPool2d", "basic", x -> Tensor.maxPool2d(x[0], 2)),
        OpCase.of(
            "maxPool2d",
            "stride_pad",
            x -> Tensor.maxPool2d(x[0], PoolOptions.of(3).withStride(2).withPadding(1))),
        OpCase.of(
            "maxPool2d",
            "dilation_ceil",
            x ->
                Tensor.maxPool2d(
                    x[0],
                    PoolOptions.of(3, 2)
                        .withStride(2)
                        .withPadding(1)
                        .withDilation(2)
                        .withCeilMode(true))),
        OpCase.multi(
            "maxPool2d",
            "indices",
            x ->
                vi(
                    Tensor.maxPool2dWithIndices(
                        x[0], PoolOptions.of(3).withStride(2).withPadding(1)))),
        OpCase.of("maxPool2d", "noncontiguous", x -> Tensor.maxPool2d(nchw(x[0]), 2)),
        OpCase.multi(
            "maxPool2d", "nan", x -> vi(Tensor.maxPool2dWithIndices(x[0], PoolOptions.of(2)))),
        OpCase.of("maxPool2d", "empty_batch", x -> Tensor.maxPool2d(x[0], 2)),
        OpCase.of("maxPool1d", "basic", x -> Tensor.maxPool1d(x[0], PoolOptions.of(3))),
        OpCase.multi(
            "maxPool1d",
            "indices_ceil",
            x ->
                vi(
                    Tensor.maxPool1dWithIndices(
                        x[0], PoolOptions.of(3).withStride(2).withPadding(1).withCeilMode(true)))),
        OpCase.of("avgPool2d", "basic", x -> Tensor.avgPool2d(x[0], PoolOptions.of(2))),
        OpCase.of(
            "avgPool2d",
            "pad_include",
            x -> Tensor.avgPool2d(x[0], PoolOptions.of(3).withStride(2).withPadding(1))),
        OpCase.of(
            "avgPool2d",
            "pad_exclude",
            x ->
                Tensor.avgPool2d(
                    x[0],
                    PoolOptions.of(3).withStride(2).withPadding(1).withCountIncludePad(false))),
        OpCase.of(
            "avgPool2d",
            "ceil",
            x ->
                Tensor.avgPool2d(
                    x[0], PoolOptions.of(3, 2).withStride(2).withPadding(1).withCeilMode(true))),
        OpCase.of(
            "avgPool2d", "noncontiguous", x -> Tensor.avgPool2d(nchw(x[0]), PoolOptions.of(2))),
        OpCase.of("avgPool1d", "basic", x -> Tensor.avgPool1d(x[0], PoolOptions.of(3))),
        OpCase.of(
            "avgPool1d",
            "pad_ceil_exclude",
            x ->
                Tensor.avgPool1d(
                    x[0],
                    PoolOptions.of(3)
                        .withStride(2)
                        .withPadding(1)
                        .withCeilMode(true)
                        .withCountIncludePad(false))),
        OpCase.of("adaptiveAvgPool2d", "uneven", x -> Tensor.adaptiveAvgPool2d(x[0], 3, 4)),
        OpCase.of("adaptiveAvgPool2d", "global", x -> Tensor.adaptiveAvgPool2d(x[0], 1)),
        OpCase.of("adaptiveAvgPool1d", "uneven", x -> Tensor.adaptiveAvgPool1d(x[0], 3)),
        OpCase.multi(
            "adaptiveMaxPool2d",
            "indices",
            x -> vi(Tensor.adaptiveMaxPool2dWithIndices(x[0], 2, 3))),
        OpCase.of("adaptiveMaxPool2d", "upsample", x -> Tensor.adaptiveMaxPool2d(x[0], 4)),
        // x^p summed then rooted: pow's rounding compounds to a few ulps
        OpCase.of("lpPool2d", "p2", x -> Tensor.lpPool2d(x[0], 2.0, PoolOptions.of(2)))
            .tol(1e-5, 1e-6),
        OpCase.of(
                "lpPool2d",
                "p3_stride",
                x -> Tensor.lpPool2d(x[0], 3.0, PoolOptions.of(3, 2).withStride(2)))
            .tol(1e-5, 1e-6));
  }

  private static List<OpCase> columns() {
    return List.of(
        OpCase.of("im2col", "basic", x -> Tensor.im2col(x[0], d(2), d(1), d(0), d(1))),
        OpCase.of("im2col", "options", x -> Tensor.im2col(x[0], d(3, 2), d(1, 2), d(1), d(2, 1))),
        // overlapping blocks are summed in a different order than PyTorch's col2im
        OpCase.of("fold", "basic", x -> Tensor.fold(x[0], d(4, 5), d(2), d(1), d(0), d(1)))
            .tol(1e-6, 1e-6),
        OpCase.of("fold", "options", x -> Tensor.fold(x[0], d(7, 6), d(3, 2), d(1, 2), d(1), d(2)))
            .tol(1e-6, 1e-6));
  }

  private static int[] size(int... s) {
    return s;
  }

  private static double[] scale(double... s) {
    return s;
  }

  // weights rounded to float32 before the product, where PyTorch keeps them in registers
  private static OpCase resample(String sample, Function<Tensor[], Tensor> fn) {
    return OpCase.of("interpolate", sample, fn).tol(1e-6, 1e-6);
  }

  private static List<OpCase> resampling() {
    return List.of(
        resample("nearest_size", x -> Tensor.interpolate(x[0], size(7, 3), "nearest", false)),
        resample("nearest_scale_1d", x -> Tensor.interpolate(x[0], scale(2.5), "nearest", false)),
        resample("linear", x -> Tensor.interpolate(x[0], size(8), "linear", false)),
        resample("bilinear", x -> Tensor.interpolate(x[0], size(7, 3), "bilinear", false)),
        resample("bilinear_align", x -> Tensor.interpolate(x[0], size(7, 9), "bilinear", true)),
        resample(
            "bilinear_scale", x -> Tensor.interpolate(x[0], scale(1.5, 2.0), "bilinear", false)),
        resample("bicubic", x -> Tensor.interpolate(x[0], size(8, 6), "bicubic", false)),
        resample("bicubic_align", x -> Tensor.interpolate(x[0], size(3, 7), "bicubic", true)),
        resample(
            "noncontiguous", x -> Tensor.interpolate(nchw(x[0]), size(6, 6), "bilinear", false)),
        OpCase.of("pixelShuffle", "basic", x -> Tensor.pixelShuffle(x[0], 2)),
        OpCase.of("pixelShuffle", "unbatched", x -> Tensor.pixelShuffle(x[0], 3)));
  }

  /**
   * float64 rows, small enough for {@code GradcheckTableTest}: they run the differentiable
   * composite path (the float32 rows run the kernels), compared with PyTorch as usual.
   */
  private static List<OpCase> float64() {
    PoolOptions k3 = PoolOptions.of(3).withStride(2).withPadding(1);
    return List.of(
        OpCase.of("conv1d", "f64", x -> Tensor.conv1d(x[0], x[1], x[2], DEF.withPadding(1))),
        OpCase.of(
            "conv2d",
            "f64",
            x ->
                Tensor.conv2d(
                    x[0],
                    x[1],
                    x[2],
                    DEF.withStride(2, 1).withPadding(1).withDilation(1, 2).withGroups(2))),
        OpCase.of(
            "conv2d", "f64_same", x -> Tensor.conv2d(x[0], x[1], null, DEF.withPadding("same"))),
        OpCase.of(
            "conv3d",
            "f64",
            x -> Tensor.conv3d(x[0], x[1], x[2], DEF.withStride(2).withPadding(1))),
        OpCase.of(
            "convTranspose1d",
            "f64",
            x ->
                Tensor.convTranspose1d(
                    x[0],
                    x[1],
                    x[2],
                    DEF.withStride(2).withPadding(1).withOutputPadding(1).withGroups(2))),
        OpCase.of(
            "convTranspose2d",
            "f64",
            x -> Tensor.convTranspose2d(x[0], x[1], x[2], DEF.withStride(2, 1).withPadding(0, 1))),
        OpCase.multi(
            "maxPool1d", "f64", x -> vi(Tensor.maxPool1dWithIndices(x[0], k3.withCeilMode(true)))),
        OpCase.multi(
            "maxPool2d", "f64", x -> vi(Tensor.maxPool2dWithIndices(x[0], k3.withCeilMode(true)))),
        OpCase.of(
            "avgPool1d",
            "f64",
            x -> Tensor.avgPool1d(x[0], k3.withCeilMode(true).withCountIncludePad(false))),
        OpCase.of(
            "avgPool2d",
            "f64",
            x ->
                Tensor.avgPool2d(
                    x[0], PoolOptions.of(3, 2).withStride(2).withPadding(1).withCeilMode(true))),
        OpCase.of(
            "avgPool2d", "f64_exclude", x -> Tensor.avgPool2d(x[0], k3.withCountIncludePad(false))),
        OpCase.of("adaptiveAvgPool2d", "f64", x -> Tensor.adaptiveAvgPool2d(x[0], 3, 4)),
        OpCase.multi(
            "adaptiveMaxPool2d", "f64", x -> vi(Tensor.adaptiveMaxPool2dWithIndices(x[0], 2, 4))),
        OpCase.of("lpPool2d", "f64", x -> Tensor.lpPool2d(x[0], 3.0, PoolOptions.of(2))),
        OpCase.of("im2col", "f64", x -> Tensor.im2col(x[0], d(2, 3), d(1), d(1), d(2, 1))),
        OpCase.of("fold", "f64", x -> Tensor.fold(x[0], d(4, 5), d(2), d(1), d(1), d(2))));
  }
}
