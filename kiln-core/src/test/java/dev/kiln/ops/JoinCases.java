package dev.kiln.ops;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;

/** Op-table rows for joining and reshaping data; mirrored by {@code cases/joining.py}. */
final class JoinCases {
  private JoinCases() {}

  private static int[] d(int... v) {
    return v;
  }

  private static Tensor[] one(Tensor t) {
    return new Tensor[] {t};
  }

  static List<OpCase> all() {
    return Stream.of(joins(), splits(), repeats(), reorders(), pads(), grids())
        .flatMap(List::stream)
        .toList();
  }

  private static List<OpCase> joins() {
    return List.of(
        OpCase.of("cat", "dim0", x -> Tensor.cat(x[0], x[1])),
        OpCase.of("cat", "dim1_three", x -> Tensor.cat(1, x[0], x[1], x[2])),
        OpCase.of("cat", "neg_dim", x -> Tensor.cat(-1, x[0], x[1])),
        OpCase.of("cat", "promote_int64", x -> Tensor.cat(1, x[0], x[1])),
        OpCase.of("cat", "f64", x -> Tensor.cat(x[0], x[1])),
        OpCase.of("cat", "int64", x -> Tensor.cat(1, x[0], x[1])),
        OpCase.of("cat", "bool", x -> Tensor.cat(x[0], x[1])),
        OpCase.of("cat", "transposed", x -> Tensor.cat(x[0].t(), x[1].t())),
        OpCase.of("cat", "empty_part", x -> Tensor.cat(x[0], x[1])),
        OpCase.of("cat", "legacy_empty", x -> Tensor.cat(1, x[0], x[1])),
        OpCase.of("cat", "one_dim", x -> Tensor.cat(x[0], x[1])),
        OpCase.of("cat", "f16", x -> Tensor.cat(x[0], x[1])),
        OpCase.of("stack", "dim0", x -> Tensor.stack(x[0], x[1])),
        OpCase.of("stack", "dim1", x -> Tensor.stack(1, x[0], x[1], x[2])),
        OpCase.of("stack", "last", x -> Tensor.stack(-1, x[0], x[1])),
        OpCase.of("stack", "zero_dim", x -> Tensor.stack(x[0], x[1])),
        OpCase.of("stack", "int64_transposed", x -> Tensor.stack(x[0].t(), x[1])),
        OpCase.of("stack", "empty", x -> Tensor.stack(1, x[0], x[1])),
        OpCase.of("hstack", "one_dim", x -> Tensor.hstack(x[0], x[1])),
        OpCase.of("hstack", "two_dim", x -> Tensor.hstack(x[0], x[1])),
        OpCase.of("hstack", "zero_dim", x -> Tensor.hstack(x[0], x[1])),
        OpCase.of("vstack", "one_dim", x -> Tensor.vstack(x[0], x[1])),
        OpCase.of("vstack", "mixed", x -> Tensor.vstack(x[0], x[1])));
  }

  private static List<OpCase> splits() {
    return List.of(
        OpCase.multi("split", "size", x -> x[0].split(2)),
        OpCase.multi("split", "sizes_dim1", x -> x[0].split(d(1, 3, 1), 1)),
        OpCase.multi("split", "exact", x -> x[0].split(2)),
        OpCase.multi("split", "transposed", x -> x[0].t().split(3)),
        OpCase.multi("split", "empty_dim", x -> x[0].split(2)),
        OpCase.multi("split", "int64", x -> x[0].split(d(2, 0, 4), 0)),
        OpCase.multi("chunk", "uneven", x -> x[0].chunk(3)),
        OpCase.multi("chunk", "fewer", x -> x[0].chunk(4, 1)),
        OpCase.multi("chunk", "more_than_size", x -> x[0].chunk(5, -1)),
        OpCase.multi("chunk", "empty_dim", x -> x[0].chunk(3)),
        OpCase.multi("tensorSplit", "sections", x -> x[0].tensorSplit(3, 0)),
        OpCase.multi("tensorSplit", "sections_dim1", x -> x[0].tensorSplit(4, 1)),
        OpCase.multi("tensorSplit", "indices", x -> x[0].tensorSplit(d(1, 4), 0)),
        OpCase.multi("tensorSplit", "indices_clamped", x -> x[0].tensorSplit(d(3, 2, 10), 0)),
        OpCase.multi("unbind", "dim0", x -> x[0].unbind()),
        OpCase.multi("unbind", "dim1_transposed", x -> x[0].t().unbind(1)),
        OpCase.multi("unbind", "int64", x -> x[0].unbind(-1)));
  }

  private static List<OpCase> repeats() {
    return List.of(
        OpCase.of("repeat", "basic", x -> x[0].repeat(2, 2)),
        OpCase.of("repeat", "new_dims", x -> x[0].repeat(2, 1, 3)),
        OpCase.of("repeat", "zero_dim", x -> x[0].repeat(3)),
        OpCase.of("repeat", "zero_times", x -> x[0].repeat(0, 2)),
        OpCase.of("repeat", "int64_transposed", x -> x[0].t().repeat(2, 1)),
        OpCase.of("tile", "short_reps", x -> x[0].tile(2)),
        OpCase.of("tile", "long_reps", x -> x[0].tile(2, 2)),
        OpCase.of("repeatInterleave", "flat", x -> x[0].repeatInterleave(2)),
        OpCase.of("repeatInterleave", "dim1", x -> x[0].repeatInterleave(3, 1)),
        OpCase.of("repeatInterleave", "tensor_repeats", x -> x[0].repeatInterleave(x[1], 0)),
        OpCase.of("repeatInterleave", "repeats_only", x -> Tensor.repeatInterleave(x[0])),
        OpCase.of("repeatInterleave", "int64", x -> x[0].repeatInterleave(2, 0)));
  }

  private static List<OpCase> reorders() {
    return List.of(
        OpCase.of("flip", "dim0", x -> x[0].flip(0)),
        OpCase.of("flip", "both", x -> x[0].flip(0, 1)),
        OpCase.of("flip", "neg_3d", x -> x[0].flip(-1, 0)),
        OpCase.of("flip", "int64", x -> x[0].flip(0)),
        OpCase.of("flip", "bool_transposed", x -> x[0].t().flip(1)),
        OpCase.of("flip", "empty", x -> x[0].flip(0, 1)),
        OpCase.of("flip", "zero_dim", x -> x[0].flip()),
        OpCase.of("roll", "dim0", x -> x[0].roll(1, 0)),
        OpCase.of("roll", "negative", x -> x[0].roll(-1, 1)),
        OpCase.of("roll", "beyond_size", x -> x[0].roll(7, 0)),
        OpCase.of("roll", "two_dims", x -> x[0].roll(d(1, 2), d(0, 1))),
        OpCase.of("roll", "flat", x -> x[0].roll(5)),
        OpCase.of("roll", "int64_transposed", x -> x[0].t().roll(2, 0)),
        OpCase.of("roll", "empty", x -> x[0].roll(1, 0)),
        OpCase.of("rot90", "k1", x -> x[0].rot90()),
        OpCase.of("rot90", "k2", x -> x[0].rot90(2, 0, 1)),
        OpCase.of("rot90", "k3", x -> x[0].rot90(3, 0, 1)),
        OpCase.of("rot90", "k_neg1_dims12", x -> x[0].rot90(-1, 1, 2)),
        OpCase.of("rot90", "k0", x -> x[0].rot90(0, 0, 1)));
  }

  private static List<OpCase> pads() {
    return List.of(
        OpCase.of("pad", "constant_last", x -> x[0].pad(1, 2)),
        OpCase.of("pad", "constant_two_dims", x -> x[0].pad(d(1, 1, 2, 0), PadMode.CONSTANT, 3.5)),
        OpCase.of("pad", "constant_crop", x -> x[0].pad(-1, 2)),
        OpCase.of("pad", "constant_int64", x -> x[0].pad(d(0, 1, 1, 0), PadMode.CONSTANT, 7)),
        OpCase.of("pad", "constant_3d_transposed", x -> x[0].transpose(0, 2).pad(1, 0, 0, 1, 2, 2)),
        OpCase.of("pad", "reflect_1d", x -> x[0].pad(d(2, 1), PadMode.REFLECT, 0)),
        OpCase.of("pad", "reflect_2d", x -> x[0].pad(d(1, 2, 2, 1), PadMode.REFLECT, 0)),
        OpCase.of("pad", "replicate_2d", x -> x[0].pad(d(2, 1, 0, 3), PadMode.REPLICATE, 0)),
        OpCase.of("pad", "replicate_3d", x -> x[0].pad(d(1, 1, 1, 0, 0, 2), PadMode.REPLICATE, 0)),
        OpCase.of("pad", "circular_1d", x -> x[0].pad(d(2, 1), PadMode.CIRCULAR, 0)),
        OpCase.of("pad", "circular_2d", x -> x[0].pad(d(1, 3, 2, 0), PadMode.CIRCULAR, 0)),
        OpCase.of(
            "pad",
            "reflect_f64_transposed",
            x -> x[0].transpose(1, 2).pad(d(1, 3), PadMode.REFLECT, 0)));
  }

  private static List<OpCase> grids() {
    return List.of(
        OpCase.multi("meshgrid", "ij", x -> Tensor.meshgrid("ij", x[0], x[1])),
        OpCase.multi("meshgrid", "xy", x -> Tensor.meshgrid("xy", x[0], x[1])),
        OpCase.multi("meshgrid", "three_xy", x -> Tensor.meshgrid("xy", x[0], x[1], x[2])),
        OpCase.multi("meshgrid", "zero_dim", x -> Tensor.meshgrid(x[0], x[1])),
        OpCase.multi("broadcastTensors", "three", x -> Tensor.broadcastTensors(x[0], x[1], x[2])),
        OpCase.multi("broadcastTensors", "zero_dim", x -> Tensor.broadcastTensors(x[0], x[1])),
        OpCase.of("cartesianProd", "two", x -> Tensor.cartesianProd(x[0], x[1])),
        OpCase.of("cartesianProd", "three_int64", x -> Tensor.cartesianProd(x[0], x[1], x[2])),
        OpCase.of("cartesianProd", "single", x -> Tensor.cartesianProd(x[0])),
        OpCase.of("triuIndices", "square", x -> Tensor.triuIndices(3, 3, 0)),
        OpCase.of("triuIndices", "offset1", x -> Tensor.triuIndices(4, 5, 1)),
        OpCase.of("triuIndices", "neg_offset", x -> Tensor.triuIndices(4, 3, -1)),
        OpCase.of("triuIndices", "empty", x -> Tensor.triuIndices(0, 0, 0)),
        OpCase.of("trilIndices", "square", x -> Tensor.trilIndices(3, 3, 0)),
        OpCase.of("trilIndices", "offset1", x -> Tensor.trilIndices(4, 5, 1)),
        OpCase.of("trilIndices", "neg_offset", x -> Tensor.trilIndices(4, 3, -2)));
  }
}
