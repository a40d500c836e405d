package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Sorting and selection refuse bad input with messages naming the op, shapes and values. */
class SortErrorsTest {
  private static void refused(String message, Executable call) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }

  @Test
  void kOutOfRangeNamesKAndShape() {
    Tensor x = Tensor.zeros(2, 3);
    refused(
        "topk: k (4) out of range [0, 3] for dimension 1 of input shape [2, 3]", () -> x.topk(4));
    refused(
        "topk: k (-1) out of range [0, 2] for dimension 0 of input shape [2, 3]",
        () -> x.topk(-1, 0));
    refused(
        "kthvalue: k (0) out of range [1, 3] for dimension 1 of input shape [2, 3]",
        () -> x.kthvalue(0));
    refused(
        "kthvalue: k (3) out of range [1, 2] for dimension 0 of input shape [2, 3]",
        () -> x.kthvalue(3, -2));
  }

  @Test
  void laneReductionsNeedElements() {
    Tensor empty = Tensor.zeros(0, 2);
    refused(
        "median: expected reduction dim 0 to have non-zero size (input shape [0, 2])",
        () -> empty.median(0));
    refused(
        "mode: expected reduction dim 0 to have non-zero size (input shape [0, 2])",
        () -> empty.mode(0));
    refused("median: not implemented for dtype bool", () -> Tensor.of(true, false).median(0));
  }

  @Test
  void dimsOutOfRangeNameTheOp() {
    Tensor x = Tensor.zeros(2, 3);
    String range = ": dimension out of range (expected to be in range of [-2, 1], but got 2)";
    for (var c :
        new Object[][] {
          {"sort", (Executable) () -> x.sort(2)},
          {"argsort", (Executable) () -> x.argsort(2)},
          {"cummax", (Executable) () -> x.cummax(2)},
          {"diff", (Executable) () -> x.diff(1, 2)},
        }) {
      assertEquals(
          c[0] + range,
          assertThrows(IndexOutOfBoundsException.class, (Executable) c[1]).getMessage());
    }
  }

  @Test
  void bincountNeedsNonNegativeIntegers() {
    refused(
        "bincount: expected non-negative values, got -2 at index 1",
        () -> Tensor.of(1L, -2L).bincount());
    refused(
        "bincount: expected a 1-D integer input, got dtype float32 of shape [2]",
        () -> Tensor.of(1f, 2f).bincount());
    refused(
        "bincount: expected a 1-D integer input, got dtype int64 of shape [1, 2]",
        () -> Tensor.of(new long[][] {{1, 2}}).bincount());
    refused(
        "bincount: expected 1-D weights of the input's length 2, got shape [3]",
        () -> Tensor.of(1L, 2L).bincount(Tensor.of(1f, 2f, 3f)));
    refused(
        "bincount: expected minlength >= 0, got -1", () -> Tensor.of(1L, 2L).bincount(null, -1));
  }

  @Test
  void searchsortedShapesMustMatch() {
    Tensor seq = Tensor.zeros(2, 2);
    refused(
        "searchsorted: the sorted sequence must be 1-D or have the same leading dims as the"
            + " values, got sorted sequence shape [2, 2] and values shape [3, 3]",
        () -> Tensor.searchsorted(seq, Tensor.zeros(3, 3)));
    refused(
        "searchsorted: the sorted sequence must be 1-D or have the same leading dims as the"
            + " values, got sorted sequence shape [2, 2] and values shape []",
        () -> Tensor.searchsorted(seq, Tensor.scalar(1)));
    refused(
        "searchsorted: expected the sorted sequence to have at least one dim, got a 0-dim tensor",
        () -> Tensor.searchsorted(Tensor.scalar(1), Tensor.zeros(2)));
    refused(
        "searchsorted: expected an int64 sorter of the sorted sequence's shape [3], got int64 of"
            + " shape [2]",
        () -> Tensor.searchsorted(Tensor.zeros(3), Tensor.zeros(1), "left", Tensor.of(0L, 1L)));
    refused(
        "searchsorted: sorter index 3 out of range [0, 3) at position 1",
        () -> Tensor.searchsorted(Tensor.zeros(3), Tensor.zeros(1), "left", Tensor.of(0L, 3L, 1L)));
    refused(
        "searchsorted: side must be \"left\" or \"right\", got \"middle\"",
        () -> Tensor.searchsorted(Tensor.zeros(3), Tensor.zeros(1), "middle", null));
    refused(
        "bucketize: expected 1-D boundaries, got shape [2, 2]",
        () -> Tensor.bucketize(Tensor.zeros(3), seq));
  }

  @Test
  void histcChecksDtypeBinsAndRange() {
    Tensor x = Tensor.of(1f, 2f);
    refused(
        "histc: expected a floating point input, got dtype int64",
        () -> Tensor.of(1L, 2L).histc(3));
    refused("histc: expected bins > 0, got 0", () -> x.histc(0));
    refused(
        "histc: range of [1.0, Infinity] is not finite",
        () -> Tensor.of(1f, Float.POSITIVE_INFINITY).histc(3));
    refused("histc: range of [NaN, NaN] is not finite", () -> Tensor.of(1f, Float.NaN).histc(3));
    refused("histc: max must be larger than min, got min 3.0 and max 1.0", () -> x.histc(3, 3, 1));
  }

  @Test
  void diffChecksRankOrderAndJoinedShapes() {
    refused("diff: expected an input with at least one dim", () -> Tensor.scalar(1).diff());
    refused("diff: expected order n >= 0, got -1", () -> Tensor.zeros(3).diff(-1, 0));
    refused(
        "diff: expected prepend and append to match the input's shape [2, 3] in all dims but 0,"
            + " got shape [3]",
        () -> Tensor.ones(2, 3).diff(1, 0, Tensor.ones(3), null));
    refused(
        "diff: expected prepend and append to match the input's shape [2, 3] in all dims but 1,"
            + " got shape [3, 1]",
        () -> Tensor.ones(2, 3).diff(1, 1, null, Tensor.ones(3, 1)));
  }
}
