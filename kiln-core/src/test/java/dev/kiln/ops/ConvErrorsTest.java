package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Convolutions, pools and fold refuse bad input with messages naming the op and shapes. */
class ConvErrorsTest {
  private static final ConvOptions DEF = ConvOptions.defaults();

  private static void refused(String message, Executable call) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }

  @Test
  void channelsMustMatchWeightTimesGroups() {
    refused(
        "conv2d: input [2, 3, 5, 5] has 3 channels but weight [4, 2, 3, 3] expects 2 x groups 1"
            + " = 2",
        () -> Tensor.conv2d(Tensor.zeros(2, 3, 5, 5), Tensor.zeros(4, 2, 3, 3)));
    refused(
        "conv2d: input [1, 4, 5, 5] has 4 channels but weight [3, 2, 3, 3] expects 2 x groups 2"
            + " = 4, and its 3 output channels do not divide by groups",
        () ->
            Tensor.conv2d(
                Tensor.zeros(1, 4, 5, 5), Tensor.zeros(3, 2, 3, 3), null, DEF.withGroups(2)));
    refused(
        "convTranspose2d: input [1, 4, 5, 5] has 4 channels but weight [3, 2, 3, 3] expects 3",
        () ->
            Tensor.convTranspose2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(3, 2, 3, 3), null, DEF));
  }

  @Test
  void kernelMustFitThePaddedInput() {
    refused(
        "conv2d: kernel size 5 is larger than the padded input size 4 (input [1, 1, 2, 6],"
            + " padding 2 in all)",
        () ->
            Tensor.conv2d(
                Tensor.zeros(1, 1, 2, 6), Tensor.zeros(1, 1, 5, 5), null, DEF.withPadding(1)));
    refused(
        "conv1d: kernel size 3 (dilated 5) is larger than the padded input size 4 (input [1, 1,"
            + " 4], padding 0 in all)",
        () ->
            Tensor.conv1d(Tensor.zeros(1, 1, 4), Tensor.zeros(1, 1, 3), null, DEF.withDilation(2)));
    refused(
        "maxPool2d: kernel size 3 is larger than the padded input size 2 (input [1, 2, 2],"
            + " padding 0 in all)",
        () -> Tensor.maxPool2d(Tensor.zeros(1, 2, 2), 3));
  }

  @Test
  void badOptionsAndShapesAreRefused() {
    refused(
        "conv2d: padding \"same\" needs stride 1, got stride [2]",
        () ->
            Tensor.conv2d(
                Tensor.zeros(1, 1, 5, 5),
                Tensor.zeros(1, 1, 3, 3),
                null,
                DEF.withPadding("same").withStride(2)));
    refused(
        "ConvOptions: padding mode must be \"same\" or \"valid\", got \"full\"",
        () -> DEF.withPadding("full"));
    refused(
        "conv2d: expected a 3-D (unbatched) or 4-D (batched) input, got [5, 5]",
        () -> Tensor.conv2d(Tensor.zeros(5, 5), Tensor.zeros(1, 1, 3, 3)));
    refused(
        "conv2d: bias [3] must be [1]",
        () -> Tensor.conv2d(Tensor.zeros(1, 1, 5, 5), Tensor.zeros(1, 1, 3, 3), Tensor.zeros(3)));
    refused(
        "conv2d: operands must share one dtype, got float64 and float32",
        () -> Tensor.conv2d(Tensor.zeros(DType.FLOAT64, 1, 1, 5, 5), Tensor.zeros(1, 1, 3, 3)));
    refused(
        "avgPool2d: only float32 and float64 are supported, got int64 [1, 1, 4, 4]",
        () -> Tensor.avgPool2d(Tensor.zeros(DType.INT64, 1, 1, 4, 4), PoolOptions.of(2)));
    refused(
        "maxPool2d: padding [2] must be at most half the kernel size [3]",
        () -> Tensor.maxPool2d(Tensor.zeros(1, 1, 6, 6), PoolOptions.of(3).withPadding(2)));
    refused(
        "fold: input [1, 8, 5] must be [N, C * 4, 12] for output size [4, 5] and kernel [2, 2]",
        () ->
            Tensor.fold(
                Tensor.zeros(1, 8, 5),
                new int[] {4, 5},
                new int[] {2},
                new int[] {1},
                new int[] {0},
                new int[] {1}));
  }
}
