package dev.kiln.ops;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.UniqueValues;
import dev.kiln.tensor.ValuesIndices;
import java.util.List;
import java.util.stream.Stream;

/** Op-table rows for sorting and selection; mirrored by {@code tools/fixtures/cases/sorting.py}. */
final class SortCases {
  private SortCases() {}

  /** Rows 0, 2, 4, ... and columns 1, 4, 7, ...: a non-contiguous view. */
  private static Tensor strided(Tensor x) {
    return x.slice(0, 0, x.size(0), 2).slice(1, 1, x.size(1), 3);
  }

  private static Tensor[] vi(ValuesIndices r) {
    return new Tensor[] {r.values(), r.indices()};
  }

  private static Tensor[] all3(UniqueValues u) {
    return new Tensor[] {u.values(), u.inverse(), u.counts()};
  }

  static List<OpCase> all() {
    return Stream.of(sorts(), selections(), uniques(), searches(), histograms(), scans())
        .flatMap(List::stream)
        .toList();
  }

  private static List<OpCase> sorts() {
    return List.of(
        OpCase.multi("sort", "last_dim", x -> vi(x[0].sort())),
        OpCase.multi("sort", "dim0_descending", x -> vi(x[0].sort(0, true))),
        OpCase.multi("sort", "ties_stable", x -> vi(x[0].sort(1, false, true))),
        OpCase.multi("sort", "ties_stable_descending", x -> vi(x[0].sort(-1, true, true))),
        OpCase.multi("sort", "nan", x -> vi(x[0].sort(1, false, true))),
        OpCase.multi("sort", "nan_descending", x -> vi(x[0].sort(1, true, true))),
        OpCase.multi("sort", "transposed", x -> vi(x[0].t().sort(1))),
        OpCase.multi("sort", "strided", x -> vi(strided(x[0]).sort(0))),
        OpCase.multi("sort", "long_lane", x -> vi(x[0].sort(1))),
        OpCase.multi("sort", "long_lane_ties", x -> vi(x[0].sort(1, true, true))),
        OpCase.multi("sort", "int32", x -> vi(x[0].sort(0, false, true))),
        OpCase.multi("sort", "bool", x -> vi(x[0].sort(-1, false, true))),
        OpCase.multi("sort", "zero_dim", x -> vi(x[0].sort())),
        OpCase.multi("sort", "empty", x -> vi(x[0].sort(0))),
        OpCase.multi("sort", "f64_3d", x -> vi(x[0].sort(1))),
        OpCase.of("argsort", "last_dim", x -> x[0].argsort()),
        OpCase.of("argsort", "descending_dim0", x -> x[0].argsort(0, true)),
        OpCase.of("argsort", "ties_stable", x -> x[0].argsort(-1, false, true)),
        OpCase.of("argsort", "nan", x -> x[0].argsort()));
  }

  private static List<OpCase> selections() {
    return List.of(
        OpCase.multi("topk", "largest", x -> vi(x[0].topk(3))),
        OpCase.multi("topk", "smallest_dim0", x -> vi(x[0].topk(2, 0, false, true))),
        OpCase.multi("topk", "transposed", x -> vi(x[0].t().topk(4, 1))),
        OpCase.multi("topk", "nan", x -> vi(x[0].topk(2))),
        OpCase.multi("topk", "k_zero", x -> vi(x[0].topk(0))),
        OpCase.multi("topk", "k_all", x -> vi(x[0].topk(4))),
        OpCase.of(
            "topk",
            "unsorted_values",
            x -> x[0].topk(3, -1, true, false).values().sort(1).values()),
        OpCase.multi("topk", "int64", x -> vi(x[0].topk(2, 1))),
        OpCase.multi("topk", "empty_batch", x -> vi(x[0].topk(2, 1))),
        OpCase.multi("kthvalue", "last_dim", x -> vi(x[0].kthvalue(3))),
        OpCase.multi("kthvalue", "dim0_keepdim", x -> vi(x[0].kthvalue(5, 0, true))),
        OpCase.multi("kthvalue", "strided", x -> vi(strided(x[0]).kthvalue(1, 0))),
        OpCase.multi("kthvalue", "nan_is_largest", x -> vi(x[0].kthvalue(5, 1))),
        OpCase.multi("kthvalue", "int64", x -> vi(x[0].kthvalue(2, 1))),
        OpCase.multi("kthvalue", "zero_dim", x -> vi(x[0].kthvalue(1))),
        OpCase.of("median", "all_odd", x -> x[0].median()),
        OpCase.of("median", "all_even_lower", x -> x[0].median()),
        OpCase.of("median", "all_nan", x -> x[0].median()),
        OpCase.of("median", "all_empty", x -> x[0].median()),
        OpCase.multi("median", "dim_even", x -> vi(x[0].median(1))),
        OpCase.multi("median", "dim0_keepdim", x -> vi(x[0].median(0, true))),
        OpCase.multi("median", "dim_nan", x -> vi(x[0].median(1))),
        OpCase.multi("median", "transposed", x -> vi(x[0].t().median(1))),
        OpCase.multi("median", "int64", x -> vi(x[0].median(1))),
        OpCase.multi("median", "empty_batch", x -> vi(x[0].median(0))),
        OpCase.multi("mode", "ints", x -> vi(x[0].mode(1))),
        OpCase.multi("mode", "dim0_keepdim", x -> vi(x[0].mode(0, true))),
        OpCase.multi("mode", "floats", x -> vi(x[0].mode())),
        OpCase.multi("mode", "transposed", x -> vi(x[0].t().mode(1))),
        OpCase.multi("mode", "zero_dim", x -> vi(x[0].mode())),
        OpCase.multi("mode", "f64_distinct", x -> vi(x[0].mode(1))));
  }

  private static List<OpCase> uniques() {
    return List.of(
        OpCase.multi("unique", "ints", x -> all3(x[0].unique())),
        OpCase.multi("unique", "floats", x -> all3(x[0].unique())),
        OpCase.of("unique", "values_only", x -> x[0].unique().values()),
        OpCase.multi("unique", "strided", x -> all3(strided(x[0]).unique())),
        OpCase.multi("unique", "empty", x -> all3(x[0].unique())),
        OpCase.multi("unique", "bool", x -> all3(x[0].unique())),
        OpCase.multi("uniqueConsecutive", "ints", x -> all3(x[0].uniqueConsecutive())),
        OpCase.multi("uniqueConsecutive", "2d", x -> all3(x[0].uniqueConsecutive())),
        OpCase.multi("uniqueConsecutive", "nan", x -> all3(x[0].uniqueConsecutive())),
        OpCase.multi("uniqueConsecutive", "empty", x -> all3(x[0].uniqueConsecutive())));
  }

  private static List<OpCase> searches() {
    return List.of(
        OpCase.of("searchsorted", "left", x -> Tensor.searchsorted(x[0], x[1])),
        OpCase.of("searchsorted", "right_on_edges", x -> Tensor.searchsorted(x[0], x[1], true)),
        OpCase.of("searchsorted", "left_on_edges", x -> Tensor.searchsorted(x[0], x[1])),
        OpCase.of("searchsorted", "batched", x -> Tensor.searchsorted(x[0], x[1])),
        OpCase.of(
            "searchsorted",
            "side_right_int32",
            x -> Tensor.searchsorted(x[0], x[1], true, true, null)),
        OpCase.of(
            "searchsorted", "sorter", x -> Tensor.searchsorted(x[0], x[1], "left", x[0].argsort())),
        OpCase.of("searchsorted", "int_seq_float_values", x -> Tensor.searchsorted(x[0], x[1])),
        OpCase.of("searchsorted", "zero_dim_value", x -> Tensor.searchsorted(x[0], x[1])),
        OpCase.of("searchsorted", "empty_values", x -> Tensor.searchsorted(x[0], x[1])),
        OpCase.of("bucketize", "left", x -> Tensor.bucketize(x[0], x[1])),
        OpCase.of("bucketize", "right_int32", x -> Tensor.bucketize(x[0], x[1], true, true)),
        OpCase.of("bucketize", "transposed", x -> Tensor.bucketize(x[0].t(), x[1])));
  }

  private static List<OpCase> histograms() {
    return List.of(
        OpCase.of("histc", "default_range", x -> x[0].histc()),
        OpCase.of("histc", "bins_range", x -> x[0].histc(7, -1, 1)),
        OpCase.of("histc", "edges", x -> x[0].histc(3, 0, 3)),
        OpCase.of("histc", "single_value", x -> x[0].histc(4)),
        OpCase.of("histc", "f64_2d", x -> x[0].histc(10)),
        OpCase.of("histc", "strided", x -> strided(x[0]).histc(5)),
        OpCase.of("histc", "empty", x -> x[0].histc(3)),
        OpCase.of("bincount", "counts", x -> x[0].bincount()),
        OpCase.of("bincount", "minlength", x -> x[0].bincount(null, 6)),
        OpCase.of("bincount", "weights_f32", x -> x[0].bincount(x[1])),
        OpCase.of("bincount", "weights_f64", x -> x[0].bincount(x[1])),
        OpCase.of("bincount", "weights_int", x -> x[0].bincount(x[1])),
        OpCase.of("bincount", "uint8", x -> x[0].bincount()),
        OpCase.of("bincount", "empty", x -> x[0].bincount(null, 2)));
  }

  private static List<OpCase> scans() {
    return List.of(
        OpCase.multi("cummax", "ties_and_nan", x -> vi(x[0].cummax(0))),
        OpCase.multi("cummax", "dim1", x -> vi(x[0].cummax(1))),
        OpCase.multi("cummax", "transposed", x -> vi(x[0].t().cummax(0))),
        OpCase.multi("cummax", "empty", x -> vi(x[0].cummax(0))),
        OpCase.multi("cummin", "ties", x -> vi(x[0].cummin(-1))),
        OpCase.multi("cummin", "nan", x -> vi(x[0].cummin(1))),
        OpCase.multi("cummin", "strided_f64", x -> vi(strided(x[0]).cummin(0))),
        OpCase.multi("cummin", "zero_dim", x -> vi(x[0].cummin(0))),
        OpCase.of("diff", "last_dim", x -> x[0].diff()),
        OpCase.of("diff", "n2_dim0", x -> x[0].diff(2, 0)),
        OpCase.of("diff", "n_too_large", x -> x[0].diff(5, -1)),
        OpCase.of("diff", "bool", x -> x[0].diff()),
        OpCase.of("diff", "prepend_append", x -> x[0].diff(1, 1, x[1], x[2])),
        OpCase.of("diff", "append_promotes", x -> x[0].diff(1, -1, null, x[1])),
        OpCase.of("diff", "transposed", x -> x[0].t().diff(1, 0)),
        OpCase.of("diff", "uint8_wraps", x -> x[0].diff()));
  }
}
