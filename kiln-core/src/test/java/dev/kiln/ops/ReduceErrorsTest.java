package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Reductions refuse bad input with messages that name the op, the shape or dtype, and why. */
class ReduceErrorsTest {
  private static void fails(Class<? extends Exception> type, String message, Executable call) {
    assertEquals(message, assertThrows(type, call).getMessage());
  }

  private static void refused(String message, Executable call) {
    fails(IllegalArgumentException.class, message, call);
  }

  @Test
  void extremesOfNothingAreRefused() {
    Tensor empty = Tensor.zeros(0, 3);
    refused(
        "max: expected a non-empty input when reducing over all dims (input shape [0, 3]);"
            + " specify the reduction dim",
        empty::max);
    refused(
        "min: expected reduction dim 0 to have non-zero size (input shape [0, 3])",
        () -> empty.min(0));
    refused(
        "amax: expected reduction dim 0 to have non-zero size (input shape [0, 3])",
        () -> empty.amax(new int[] {1, 0}, false));
    refused(
        "argmax: expected a non-empty input when reducing over all dims (input shape [0, 3]);"
            + " specify the reduction dim",
        empty::argmax);
  }

  @Test
  void floatingOnlyOpsNameTheDtype() {
    Tensor ints = Tensor.of(1L, 2L, 3L);
    refused(
        "mean: expected a floating point input, got dtype int64 (pass a floating dtype to"
            + " compute in)",
        ints::mean);
    refused("mean: expected a floating point input, got dtype int32", () -> ints.mean(DType.INT32));
    refused("var: expected a floating point input, got dtype int64", ints::var);
    refused("std: expected a floating point input, got dtype int64", ints::std);
    refused("nanmean: expected a floating point input, got dtype int64", ints::nanmean);
    refused("norm: expected a floating point input, got dtype int64", ints::norm);
    refused("softmax: expected a floating point input, got dtype int64", () -> ints.softmax(0));
    refused(
        "logSoftmax: expected a floating point input, got dtype int64", () -> ints.logSoftmax(0));
    refused("argmax: not implemented for dtype bool", () -> Tensor.of(true, false).argmax());
  }

  @Test
  void dimsOutOfRangeNameTheOp() {
    Tensor x = Tensor.zeros(2, 3);
    String range = ": dimension out of range (expected to be in range of [-2, 1], but got 2)";
    fails(IndexOutOfBoundsException.class, "sum" + range, () -> x.sum(2));
    fails(IndexOutOfBoundsException.class, "mean" + range, () -> x.mean(2));
    fails(IndexOutOfBoundsException.class, "var" + range, () -> x.var(2));
    fails(IndexOutOfBoundsException.class, "max" + range, () -> x.max(2));
    fails(IndexOutOfBoundsException.class, "softmax" + range, () -> x.softmax(2));
    fails(IndexOutOfBoundsException.class, "cumsum" + range, () -> x.cumsum(2));
    fails(IndexOutOfBoundsException.class, "countNonzero" + range, () -> x.countNonzero(2));
    refused(
        "amax: dim 1 appears multiple times in the list of dims",
        () -> x.amax(new int[] {1, -1}, false));
  }

  @Test
  void unknownNormNamesAreRefused() {
    refused(
        "norm: unsupported p \"nuc\" (expected \"fro\" or a number)",
        () -> Tensor.zeros(2, 2).norm("nuc", new int[] {}, false));
  }
}
