package dev.kiln.ops;

import static dev.kiln.ops.Index.at;
import static dev.kiln.ops.Index.ellipsis;
import static dev.kiln.ops.Index.newAxis;
import static dev.kiln.ops.Index.slice;
import static dev.kiln.ops.Index.tensor;

import dev.kiln.ops.IndexOps.ScatterReduce;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;

/** Op-table rows for indexing; mirrored by {@code tools/fixtures/cases/indexing.py}. */
final class IndexCases {
  private IndexCases() {}

  private static Tensor[] many(Tensor... ts) {
    return ts;
  }

  static List<OpCase> all() {
    return Stream.of(selects(), scatters(), lookups(), advanced(), masks())
        .flatMap(List::stream)
        .toList();
  }

  private static List<OpCase> selects() {
    return List.of(
        OpCase.of("indexSelect", "dim0", x -> x[0].indexSelect(0, x[1])),
        OpCase.of("indexSelect", "dim1_f64", x -> x[0].indexSelect(1, x[1])),
        OpCase.of("indexSelect", "neg_dim", x -> x[0].indexSelect(-1, x[1])),
        OpCase.of("indexSelect", "int32_index", x -> x[0].indexSelect(0, x[1])),
        OpCase.of("indexSelect", "int64", x -> x[0].indexSelect(0, x[1])),
        OpCase.of("indexSelect", "bool", x -> x[0].indexSelect(0, x[1])),
        OpCase.of("indexSelect", "transposed", x -> x[0].t().indexSelect(0, x[1])),
        OpCase.of("indexSelect", "strided_index", x -> x[0].indexSelect(0, x[1].slice(0, 0, 5, 2))),
        OpCase.of("indexSelect", "empty_index", x -> x[0].indexSelect(0, x[1])),
        OpCase.of("indexSelect", "zero_dim", x -> x[0].indexSelect(0, x[1])),
        OpCase.of("gather", "dim1", x -> x[0].gather(1, x[1])),
        OpCase.of("gather", "dim0", x -> x[0].gather(0, x[1])),
        OpCase.of("gather", "neg_dim_smaller", x -> x[0].gather(-2, x[1])),
        OpCase.of("gather", "f64", x -> x[0].gather(1, x[1])),
        OpCase.of("gather", "int64", x -> x[0].gather(1, x[1])),
        OpCase.of("gather", "bool", x -> x[0].gather(1, x[1])),
        OpCase.of("gather", "transposed", x -> x[0].t().gather(1, x[1].t())),
        OpCase.of("gather", "empty", x -> x[0].gather(1, x[1])),
        OpCase.of("gather", "f16", x -> x[0].gather(1, x[1])),
        OpCase.of("gather", "zero_dim", x -> x[0].gather(0, x[1])));
  }

  private static OpCase reduce(String sample, ScatterReduce r, boolean includeSelf) {
    return OpCase.of("scatter", sample, x -> x[0].scatter(0, x[1], x[2], r, includeSelf));
  }

  private static List<OpCase> scatters() {
    return List.of(
        OpCase.of("scatter", "src", x -> x[0].scatter(1, x[1], x[2])),
        OpCase.of("scatter", "value", x -> x[0].scatter(1, x[1], 2.5)),
        OpCase.of("scatter", "larger_src", x -> x[0].scatter(1, x[1], x[2])),
        OpCase.of("scatter", "dim0", x -> x[0].scatter(0, x[1], x[2])),
        OpCase.of("scatter", "int64", x -> x[0].scatter(1, x[1], x[2])),
        OpCase.of("scatter", "bool", x -> x[0].scatter(1, x[1], x[2])),
        OpCase.of("scatter", "transposed_self", x -> x[0].t().scatter(1, x[1], x[2])),
        OpCase.of("scatter", "empty_index", x -> x[0].scatter(1, x[1], x[2])),
        reduce("reduce_sum", ScatterReduce.SUM, true),
        reduce("reduce_prod", ScatterReduce.PROD, true),
        reduce("reduce_mean", ScatterReduce.MEAN, true),
        reduce("reduce_amax", ScatterReduce.AMAX, true),
        reduce("reduce_amin", ScatterReduce.AMIN, true),
        reduce("reduce_sum_exclude_self", ScatterReduce.SUM, false),
        reduce("reduce_prod_exclude_self", ScatterReduce.PROD, false),
        reduce("reduce_mean_exclude_self", ScatterReduce.MEAN, false),
        reduce("reduce_amax_exclude_self", ScatterReduce.AMAX, false),
        reduce("reduce_amin_exclude_self", ScatterReduce.AMIN, false),
        reduce("reduce_mean_int64", ScatterReduce.MEAN, true),
        reduce("reduce_amax_int64", ScatterReduce.AMAX, false),
        OpCase.of("scatterAdd", "dim0_dups", x -> x[0].scatterAdd(0, x[1], x[2])),
        OpCase.of("scatterAdd", "dim1", x -> x[0].scatterAdd(1, x[1], x[2])),
        OpCase.of("scatterAdd", "f64_larger_src", x -> x[0].scatterAdd(0, x[1], x[2])),
        OpCase.of("scatterAdd", "int64", x -> x[0].scatterAdd(0, x[1], x[2])),
        OpCase.of("scatterAdd", "transposed_src", x -> x[0].scatterAdd(0, x[1], x[2].t())),
        OpCase.of("scatterAdd", "zero_dim", x -> x[0].scatterAdd(0, x[1], x[2])),
        OpCase.of("indexAdd", "dim0_dups", x -> x[0].indexAdd(0, x[1], x[2])),
        OpCase.of("indexAdd", "alpha", x -> x[0].indexAdd(0, x[1], x[2], 2.0)),
        OpCase.of("indexAdd", "dim1_int32_index", x -> x[0].indexAdd(1, x[1], x[2])),
        OpCase.of("indexAdd", "int64", x -> x[0].indexAdd(0, x[1], x[2])),
        OpCase.of("indexAdd", "transposed", x -> x[0].t().indexAdd(0, x[1], x[2])),
        OpCase.of("indexCopy", "dim0", x -> x[0].indexCopy(0, x[1], x[2])),
        OpCase.of("indexCopy", "dim1_f64", x -> x[0].indexCopy(1, x[1], x[2])),
        OpCase.of("indexCopy", "int64", x -> x[0].indexCopy(0, x[1], x[2])),
        OpCase.of("indexFill", "dim1", x -> x[0].indexFill(1, x[1], -1.5)),
        OpCase.of("indexFill", "int64_neg_dim", x -> x[0].indexFill(-2, x[1], 7)),
        OpCase.of("indexFill", "empty_index", x -> x[0].indexFill(0, x[1], 1.0)));
  }

  private static List<OpCase> lookups() {
    return List.of(
        OpCase.of("take", "basic", x -> x[0].take(x[1])),
        OpCase.of("take", "transposed", x -> x[0].t().take(x[1])),
        OpCase.of("take", "int64", x -> x[0].take(x[1])),
        OpCase.of("take", "empty", x -> x[0].take(x[1])),
        OpCase.of("take", "zero_dim", x -> x[0].take(x[1])),
        OpCase.of("takeAlongDim", "dim1", x -> x[0].takeAlongDim(x[1], 1)),
        OpCase.of("takeAlongDim", "broadcast", x -> x[0].takeAlongDim(x[1], 1)),
        OpCase.of("takeAlongDim", "flat", x -> x[0].takeAlongDim(x[1])),
        OpCase.of("embedding", "basic", x -> Tensor.embedding(x[0], x[1])),
        OpCase.of("embedding", "int32_1d", x -> Tensor.embedding(x[0], x[1])),
        OpCase.of("oneHot", "basic", x -> x[0].oneHot(4)),
        OpCase.of("oneHot", "inferred", x -> x[0].oneHot(-1)),
        OpCase.of("oneHot", "empty", x -> x[0].oneHot(3)));
  }

  private static List<OpCase> advanced() {
    return List.of(
        OpCase.of("index", "int_tensor", x -> x[0].index(x[1])),
        OpCase.of("index", "broadcast_pair", x -> x[0].index(x[1], x[2])),
        OpCase.of("index", "separated", x -> x[0].index(tensor(x[1]), Index.all(), tensor(x[2]))),
        OpCase.of(
            "index", "adjacent_middle", x -> x[0].index(Index.all(), tensor(x[1]), tensor(x[2]))),
        OpCase.of("index", "slice_and_tensor", x -> x[0].index(slice(1, 3), tensor(x[1]))),
        OpCase.of("index", "int_and_tensor", x -> x[0].index(at(1), Index.all(), tensor(x[1]))),
        OpCase.of("index", "negative", x -> x[0].index(x[1])),
        OpCase.of("index", "zero_dim_index", x -> x[0].index(tensor(x[1]), slice(1, 5))),
        OpCase.of("index", "mask_full", x -> x[0].index(x[0].gt(0.0))),
        OpCase.of("index", "mask_dim1", x -> x[0].index(Index.all(), tensor(x[1]))),
        OpCase.multi(
            "index",
            "zero_dim_masks",
            x -> many(x[0].index(x[1]), x[0].index(tensor(x[2]), at(1)))),
        OpCase.of(
            "index", "basic_view", x -> x[0].index(at(1), slice(1, 5, 2), ellipsis(), newAxis())),
        OpCase.of("index", "int64", x -> x[0].index(Index.all(), tensor(x[1]))),
        OpCase.of("index", "bool_data", x -> x[0].index(x[1])),
        OpCase.of("index", "transposed", x -> x[0].t().index(x[1])),
        OpCase.of("index", "empty_index", x -> x[0].index(x[1])),
        OpCase.of("indexPut", "rows", x -> x[0].indexPut(many(x[1]), x[2], false)),
        OpCase.of("indexPut", "accumulate_dups", x -> x[0].indexPut(many(x[1], x[2]), x[3], true)),
        OpCase.of("indexPut", "mask_scalar", x -> x[0].indexPut(many(x[0].gt(0.0)), x[1], false)),
        OpCase.of(
            "indexPut",
            "separated",
            x -> x[0].indexPut(new Index[] {tensor(x[1]), Index.all(), tensor(x[2])}, x[3], false)),
        OpCase.of("indexPut", "int64", x -> x[0].indexPut(many(x[1]), x[2], false)),
        OpCase.of("nonzero", "bool", x -> x[0].nonzero()),
        OpCase.of("nonzero", "float_zeros", x -> x[0].nonzero()),
        OpCase.of("nonzero", "int64_3d", x -> x[0].nonzero()),
        OpCase.of("nonzero", "transposed", x -> x[0].t().nonzero()),
        OpCase.of("nonzero", "zero_dim", x -> x[0].nonzero()),
        OpCase.of("nonzero", "empty", x -> x[0].nonzero()),
        OpCase.multi("nonzero", "as_tuple", x -> x[0].nonzeroTuple()),
        OpCase.of("argwhere", "basic", x -> x[0].argwhere()));
  }

  private static List<OpCase> masks() {
    return List.of(
        OpCase.of("maskedFill", "basic", x -> x[0].maskedFill(x[1], -1.5)),
        OpCase.of("maskedFill", "broadcast_mask", x -> x[0].maskedFill(x[1], 2.0)),
        OpCase.of("maskedFill", "tensor_value", x -> x[0].maskedFill(x[1], x[2])),
        OpCase.of("maskedFill", "int64", x -> x[0].maskedFill(x[1], 9)),
        OpCase.of("maskedFill", "bool", x -> x[0].maskedFill(x[1], 1)),
        OpCase.of("maskedFill", "transposed", x -> x[0].t().maskedFill(x[1], 0.0)),
        OpCase.of("maskedFill", "zero_dim", x -> x[0].maskedFill(x[1], 0.0)),
        OpCase.of("maskedSelect", "basic", x -> x[0].maskedSelect(x[1])),
        OpCase.of("maskedSelect", "broadcast_both", x -> x[0].maskedSelect(x[1])),
        OpCase.of("maskedSelect", "int64", x -> x[0].maskedSelect(x[1])),
        OpCase.of("maskedSelect", "empty", x -> x[0].maskedSelect(x[1])),
        OpCase.of("maskedSelect", "zero_dim", x -> x[0].maskedSelect(x[1])),
        OpCase.of("maskedScatter", "basic", x -> x[0].maskedScatter(x[1], x[2])),
        OpCase.of("maskedScatter", "broadcast_mask", x -> x[0].maskedScatter(x[1], x[2])),
        OpCase.of("maskedScatter", "int64", x -> x[0].maskedScatter(x[1], x[2])));
  }
}
