package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Op-table rows for the view, layout and dtype-conversion ops; mirrored by {@code
 * tools/fixtures/cases/views.py}. Each non-contiguous source is built inside the row exactly as the
 * Python case builds it.
 */
final class ViewCases {
  private ViewCases() {}

  /** An open-ended slice stop, Python's {@code x[a:]} (the Python side uses the same number). */
  private static final int END = Integer.MAX_VALUE;

  static List<OpCase> all() {
    List<OpCase> all = new ArrayList<>();
    all.addAll(shapeRows());
    all.addAll(indexRows());
    all.addAll(copyRows());
    all.addAll(conversionRows());
    return all;
  }

  private static List<OpCase> shapeRows() {
    return List.of(
        OpCase.of("view", "infer", x -> x[0].view(4, -1)),
        OpCase.of("view", "scalar_to_1d", x -> x[0].view(1)),
        OpCase.of("view", "to_scalar", x -> x[0].view()),
        OpCase.of("view", "empty", x -> x[0].view(-1, 6)),
        OpCase.of("view", "transposed_split", x -> x[0].t().view(3, 2, 4)),
        OpCase.of("view", "permuted_merge", x -> x[0].permute(2, 0, 1).view(4, 6)),
        OpCase.of("view", "sliced_rows", x -> x[0].slice(0, 1, 3).view(-1)),
        OpCase.of("reshape", "contiguous", x -> x[0].reshape(3, -1)),
        OpCase.of("reshape", "transposed_copy", x -> x[0].t().reshape(-1)),
        OpCase.of("reshape", "scalar", x -> x[0].reshape(1, 1)),
        OpCase.of("reshape", "empty", x -> x[0].reshape(4, 0)),
        OpCase.of("reshape", "step_slice", x -> x[0].slice(0, 0, END, 2).reshape(3, 2, 2)),
        OpCase.of("flatten", "all", x -> x[0].flatten()),
        OpCase.of("flatten", "range_neg", x -> x[0].flatten(1, -2)),
        OpCase.of("flatten", "scalar", x -> x[0].flatten()),
        OpCase.of("flatten", "transposed", x -> x[0].transpose(0, 2).flatten(0, 1)),
        OpCase.of("unflatten", "infer", x -> x[0].unflatten(1, 3, -1)),
        OpCase.of("unflatten", "neg_dim", x -> x[0].unflatten(-2, 2, 3)),
        OpCase.of("unflatten", "transposed", x -> x[0].t().unflatten(1, 3, 2)),
        OpCase.of("unflatten", "empty", x -> x[0].unflatten(1, 2, 3)),
        OpCase.of("transpose", "2d", x -> x[0].transpose(0, 1)),
        OpCase.of("transpose", "neg_dims", x -> x[0].transpose(-1, 0)),
        OpCase.of("transpose", "scalar", x -> x[0].transpose(0, -1)),
        OpCase.of("transpose", "same_dim", x -> x[0].transpose(1, 1)),
        OpCase.of("transpose", "int64", x -> x[0].transpose(0, 1)),
        OpCase.of("permute", "3d", x -> x[0].permute(2, 0, 1)),
        OpCase.of("permute", "neg_dims", x -> x[0].permute(-1, -3, 0, -2)),
        OpCase.of("permute", "scalar", x -> x[0].permute()),
        OpCase.of("permute", "chained", x -> x[0].transpose(0, 1).permute(1, 2, 0)),
        OpCase.of("permute", "empty", x -> x[0].permute(2, 1, 0)),
        OpCase.of("t", "2d", x -> x[0].t()),
        OpCase.of("t", "1d", x -> x[0].t()),
        OpCase.of("t", "scalar", x -> x[0].t()),
        OpCase.of("t", "step_sliced", x -> x[0].slice(1, 1, END, 2).t()),
        OpCase.of("mT", "3d", x -> x[0].mT()),
        OpCase.of("mT", "sliced", x -> x[0].slice(0, 1, 4).mT()),
        OpCase.of("expand", "row", x -> x[0].expand(3, 4)),
        OpCase.of("expand", "leading", x -> x[0].expand(2, 3, 5)),
        OpCase.of("expand", "keep_size", x -> x[0].expand(-1, 4)),
        OpCase.of("expand", "scalar", x -> x[0].expand(2, 3)),
        OpCase.of("expand", "to_empty", x -> x[0].expand(0, 3)),
        OpCase.of("expand", "transposed", x -> x[0].t().expand(3, 2)),
        OpCase.of("expandAs", "basic", x -> x[0].expandAs(x[1])),
        OpCase.of("expandAs", "scalar", x -> x[0].expandAs(x[1])),
        OpCase.of("squeeze", "all", x -> x[0].squeeze()),
        OpCase.of("squeeze", "dim", x -> x[0].squeeze(2)),
        OpCase.of("squeeze", "dim_not_one", x -> x[0].squeeze(1)),
        OpCase.of("squeeze", "neg_dim", x -> x[0].squeeze(-1)),
        OpCase.of("squeeze", "scalar", x -> x[0].squeeze()),
        OpCase.of("squeeze", "scalar_dim", x -> x[0].squeeze(0)),
        OpCase.of("squeeze", "empty", x -> x[0].squeeze()),
        OpCase.of("unsqueeze", "front", x -> x[0].unsqueeze(0)),
        OpCase.of("unsqueeze", "end_neg", x -> x[0].unsqueeze(-1)),
        OpCase.of("unsqueeze", "middle_transposed", x -> x[0].t().unsqueeze(1)),
        OpCase.of("unsqueeze", "scalar", x -> x[0].unsqueeze(0)));
  }

  private static List<OpCase> indexRows() {
    return List.of(
        OpCase.of("narrow", "dim0", x -> x[0].narrow(0, 1, 3)),
        OpCase.of("narrow", "neg_dim", x -> x[0].narrow(-1, 2, 2)),
        OpCase.of("narrow", "neg_start", x -> x[0].narrow(0, -2, 2)),
        OpCase.of("narrow", "empty", x -> x[0].narrow(0, 5, 0)),
        OpCase.of("narrow", "transposed", x -> x[0].t().narrow(1, 1, 2)),
        OpCase.of("select", "dim0", x -> x[0].select(0, 1)),
        OpCase.of("select", "neg_index", x -> x[0].select(1, -1)),
        OpCase.of("select", "to_scalar", x -> x[0].select(0, 2)),
        OpCase.of("select", "transposed", x -> x[0].transpose(0, 2).select(1, 2)),
        OpCase.of("slice", "step", x -> x[0].slice(0, 1, 8, 3)),
        OpCase.of("slice", "neg_bounds", x -> x[0].slice(0, -7, -2)),
        OpCase.of("slice", "neg_clamped", x -> x[0].slice(0, -100, 3)),
        OpCase.of("slice", "stop_clamped", x -> x[0].slice(0, 2, 100)),
        OpCase.of("slice", "start_beyond", x -> x[0].slice(0, 7, END)),
        OpCase.of("slice", "empty", x -> x[0].slice(0, 4, 2)),
        OpCase.of("slice", "dim1_step", x -> x[0].slice(1, 0, END, 4)),
        OpCase.of("slice", "neg_dim_step", x -> x[0].slice(-1, 1, END, 2)),
        OpCase.of("slice", "chained", x -> x[0].slice(0, 1, END, 2).t().slice(0, 0, END, 2)),
        OpCase.of("slice", "int32", x -> x[0].slice(0, 1, 6, 2)),
        OpCase.of("unfold", "basic", x -> x[0].unfold(0, 3, 2)),
        OpCase.of("unfold", "dim1", x -> x[0].unfold(1, 2, 2)),
        OpCase.of("unfold", "neg_dim", x -> x[0].unfold(-2, 5, 1)),
        OpCase.of("unfold", "scalar", x -> x[0].unfold(0, 1, 1)),
        OpCase.of("unfold", "transposed", x -> x[0].t().unfold(0, 3, 1)),
        OpCase.of("diagonal", "square", x -> x[0].diagonal()),
        OpCase.of("diagonal", "offset_pos", x -> x[0].diagonal(1, 0, 1)),
        OpCase.of("diagonal", "offset_neg", x -> x[0].diagonal(-2, 0, 1)),
        OpCase.of("diagonal", "off_the_end", x -> x[0].diagonal(5, 0, 1)),
        OpCase.of("diagonal", "batched", x -> x[0].diagonal(0, -2, -1)),
        OpCase.of("diagonal", "dims_reversed", x -> x[0].diagonal(1, 2, 0)),
        OpCase.of("asStrided", "windows", x -> x[0].asStrided(new int[] {3, 4}, new int[] {2, 1})),
        OpCase.of(
            "asStrided", "offset", x -> x[0].asStrided(new int[] {2, 2}, new int[] {3, 1}, 4)),
        OpCase.of(
            "asStrided",
            "of_view",
            x -> x[0].slice(0, 1, END).asStrided(new int[] {2, 3}, new int[] {1, 5})),
        OpCase.of(
            "asStrided", "zero_stride", x -> x[0].asStrided(new int[] {2, 3}, new int[] {0, 1})),
        OpCase.of("asStrided", "empty", x -> x[0].asStrided(new int[] {0, 2}, new int[] {1, 1})),
        OpCase.of("detach", "transposed", x -> x[0].t().detach()));
  }

  private static List<OpCase> copyRows() {
    return List.of(
        OpCase.of("contiguous", "transposed", x -> x[0].t().contiguous()),
        OpCase.of("contiguous", "already", x -> x[0].contiguous()),
        OpCase.of("contiguous", "expanded", x -> x[0].expand(3, 4).contiguous()),
        OpCase.of("contiguous", "int64_step", x -> x[0].slice(0, 0, END, 2).contiguous()),
        OpCase.of("contiguous", "f16_transposed", x -> x[0].t().contiguous()),
        OpCase.of("clone", "basic", x -> x[0].clone()),
        OpCase.of("clone", "transposed", x -> x[0].t().clone()),
        OpCase.of("clone", "bool", x -> x[0].clone()),
        OpCase.of("clone", "scalar", x -> x[0].clone()),
        OpCase.of("clone", "empty", x -> x[0].clone()));
  }

  /**
   * {@code to} between every pair of dtypes, compared exactly (a conversion has one right answer).
   * A bfloat16 source arrives as float32 holding bfloat16 values; a bfloat16 result is compared as
   * float32, since NumPy has no bfloat16.
   */
  private static List<OpCase> conversionRows() {
    List<OpCase> rows = new ArrayList<>();
    for (DType src : DType.values()) {
      for (DType dst : DType.values()) {
        rows.add(
            OpCase.of(
                    "to",
                    src.pyName() + "_to_" + dst.pyName(),
                    x -> {
                      Tensor y = x[0].to(src).to(dst);
                      return dst == DType.BFLOAT16 ? y.to(DType.FLOAT32) : y;
                    })
                .tol(0, 0));
      }
    }
    rows.add(OpCase.of("to", "transposed_f32_to_f16", x -> x[0].t().to(DType.FLOAT16)).tol(0, 0));
    rows.add(
        OpCase.of("to", "expanded_i64_to_f64", x -> x[0].expand(3, 2).to(DType.FLOAT64)).tol(0, 0));
    return rows;
  }
}
