package dev.kiln.ops;

import static dev.kiln.tensor.DType.FLOAT32;
import static dev.kiln.tensor.DType.FLOAT64;
import static dev.kiln.tensor.DType.INT32;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.util.List;
import java.util.stream.Stream;

/**
 * Op-table rows for reductions and scans; mirrored by {@code tools/fixtures/cases/reductions.py}.
 */
final class ReductionCases {
  private ReductionCases() {}

  private static final double INF = Double.POSITIVE_INFINITY;

  /** Dims as an array. */
  private static int[] d(int... dims) {
    return dims;
  }

  /** Rows 0, 2, 4, ... and columns 1, 4, 7, ...: a non-contiguous view. */
  private static Tensor strided(Tensor x) {
    return x.slice(0, 0, x.size(0), 2).slice(1, 1, x.size(1), 3);
  }

  private static Tensor[] vi(ValuesIndices r) {
    return new Tensor[] {r.values(), r.indices()};
  }

  static List<OpCase> all() {
    return Stream.of(
            sums(), extremes(), statistics(), softmaxes(), scans(), logical(), nanReductions())
        .flatMap(List::stream)
        .toList();
  }

  private static List<OpCase> sums() {
    return List.of(
        OpCase.of("sum", "all_f32", x -> x[0].sum()),
        OpCase.of("sum", "dim1_f32", x -> x[0].sum(1)),
        OpCase.of("sum", "neg_dim_keepdim", x -> x[0].sum(-1, true)),
        OpCase.of("sum", "dims", x -> x[0].sum(d(0, 2), false)),
        OpCase.of("sum", "dims_keepdim", x -> x[0].sum(d(0, -1), true)),
        OpCase.of("sum", "transposed", x -> x[0].t().sum(0)),
        OpCase.of("sum", "strided", x -> strided(x[0]).sum(1)),
        OpCase.of("sum", "zero_dim", x -> x[0].sum()),
        OpCase.of("sum", "empty", x -> x[0].sum()),
        OpCase.of("sum", "empty_dim", x -> x[0].sum(0)),
        OpCase.of("sum", "f64", x -> x[0].sum(1)),
        // float16 results: PyTorch sums in float32, we in float64, before the final rounding
        OpCase.of("sum", "f16", x -> x[0].sum(1)).tol(1e-3, 1e-3),
        OpCase.of("sum", "int64", x -> x[0].sum(0)),
        OpCase.of("sum", "int32", x -> x[0].sum()),
        OpCase.of("sum", "bool", x -> x[0].sum(1)),
        OpCase.of("sum", "dtype_f64", x -> x[0].sum(FLOAT64)),
        OpCase.of("sum", "dims_dtype_int32", x -> x[0].sum(d(1), false, INT32)),
        // 4097 values with sum|x| ~ 2000 cancelling to -1.85: PyTorch's float32 cascade sum is
        // itself 7e-6 from the exact sum, so only an absolute bound ~ sum|x| * 2^-24 is fair
        OpCase.of("sum", "many_f32", x -> x[0].sum()).tol(1e-6, 3e-5),
        OpCase.of("prod", "all", x -> x[0].prod()),
        OpCase.of("prod", "dim_keepdim", x -> x[0].prod(1, true)),
        OpCase.of("prod", "neg_dim", x -> x[0].prod(-2)),
        OpCase.of("prod", "transposed", x -> x[0].t().prod(1)),
        OpCase.of("prod", "int64", x -> x[0].prod(1)),
        OpCase.of("prod", "bool", x -> x[0].prod()),
        OpCase.of("prod", "empty", x -> x[0].prod()),
        OpCase.of("prod", "zero_dim", x -> x[0].prod()),
        OpCase.of("prod", "dtype_f64", x -> x[0].prod(FLOAT64)),
        OpCase.of("prod", "dim_dtype_f32", x -> x[0].prod(0, false, FLOAT32)),
        OpCase.of("prod", "f64", x -> x[0].prod(0)),
        OpCase.of("mean", "all", x -> x[0].mean()),
        OpCase.of("mean", "dim", x -> x[0].mean(1)),
        OpCase.of("mean", "neg_dim_keepdim", x -> x[0].mean(-2, true)),
        OpCase.of("mean", "dims", x -> x[0].mean(d(0, 2), false)),
        OpCase.of("mean", "transposed", x -> x[0].t().mean(1)),
        OpCase.of("mean", "strided", x -> strided(x[0]).mean(0)),
        OpCase.of("mean", "zero_dim", x -> x[0].mean()),
        OpCase.of("mean", "empty", x -> x[0].mean()),
        OpCase.of("mean", "empty_dim", x -> x[0].mean(0)),
        OpCase.of("mean", "f64", x -> x[0].mean(0)),
        OpCase.of("mean", "int_dtype_f64", x -> x[0].mean(FLOAT64)),
        OpCase.of("mean", "dims_dtype_f32", x -> x[0].mean(d(0, 1), true, FLOAT32)));
  }

  private static List<OpCase> extremes() {
    return List.of(
        OpCase.of("max", "all", x -> x[0].max()),
        OpCase.multi("max", "dim", x -> vi(x[0].max(1))),
        OpCase.multi("max", "neg_dim_keepdim", x -> vi(x[0].max(-2, true))),
        OpCase.multi("max", "transposed", x -> vi(x[0].t().max(1))),
        OpCase.multi("max", "nan", x -> vi(x[0].max(1))),
        OpCase.of("max", "nan_all", x -> x[0].max()),
        OpCase.multi("max", "ties", x -> vi(x[0].max(1))),
        OpCase.multi("max", "int64", x -> vi(x[0].max(0))),
        OpCase.of("max", "bool", x -> x[0].max()),
        OpCase.multi("max", "zero_dim", x -> vi(x[0].max(0))),
        OpCase.multi("max", "empty_other_dim", x -> vi(x[0].max(1))),
        OpCase.multi("max", "f64", x -> vi(x[0].max(0))),
        OpCase.of("min", "all", x -> x[0].min()),
        OpCase.multi("min", "dim", x -> vi(x[0].min(1))),
        OpCase.multi("min", "dim_keepdim", x -> vi(x[0].min(0, true))),
        OpCase.multi("min", "transposed", x -> vi(x[0].t().min(0))),
        OpCase.multi("min", "nan", x -> vi(x[0].min(1))),
        OpCase.multi("min", "int32", x -> vi(x[0].min(1))),
        OpCase.of("amax", "all", x -> x[0].amax()),
        OpCase.of("amax", "dim", x -> x[0].amax(1)),
        OpCase.of("amax", "dims", x -> x[0].amax(d(0, 2), false)),
        OpCase.of("amax", "dims_keepdim", x -> x[0].amax(d(-1, 0), true)),
        OpCase.of("amax", "transposed", x -> x[0].t().amax(1)),
        OpCase.of("amax", "strided", x -> strided(x[0]).amax(0)),
        OpCase.of("amax", "int64", x -> x[0].amax(0)),
        OpCase.of("amax", "bool", x -> x[0].amax(1)),
        OpCase.of("amax", "nan", x -> x[0].amax(1)),
        OpCase.of("amax", "zero_dim", x -> x[0].amax()),
        OpCase.of("amax", "f64", x -> x[0].amax(1)),
        OpCase.of("amin", "all", x -> x[0].amin()),
        OpCase.of("amin", "dims", x -> x[0].amin(d(0, 1), false)),
        OpCase.of("amin", "dim_keepdim", x -> x[0].amin(2, true)),
        OpCase.of("amin", "int16", x -> x[0].amin(0)),
        OpCase.of("amin", "nan", x -> x[0].amin(1)),
        OpCase.of("argmax", "all", x -> x[0].argmax()),
        OpCase.of("argmax", "dim", x -> x[0].argmax(1)),
        OpCase.of("argmax", "dim_keepdim", x -> x[0].argmax(1, true)),
        OpCase.of("argmax", "neg_dim", x -> x[0].argmax(-1)),
        OpCase.of("argmax", "transposed_all", x -> x[0].t().argmax()),
        OpCase.of("argmax", "strided", x -> strided(x[0]).argmax(0)),
        OpCase.of("argmax", "nan", x -> x[0].argmax(1)),
        OpCase.of("argmax", "ties", x -> x[0].argmax(1)),
        OpCase.of("argmax", "int64", x -> x[0].argmax(0)),
        OpCase.of("argmax", "zero_dim", x -> x[0].argmax()),
        OpCase.of("argmax", "f64", x -> x[0].argmax()),
        OpCase.of("argmin", "all", x -> x[0].argmin()),
        OpCase.of("argmin", "dim", x -> x[0].argmin(0)),
        OpCase.of("argmin", "dim_keepdim", x -> x[0].argmin(-1, true)),
        OpCase.of("argmin", "transposed", x -> x[0].t().argmin(1)),
        OpCase.of("argmin", "nan", x -> x[0].argmin(1)),
        OpCase.of("argmin", "int32", x -> x[0].argmin()));
  }

  private static List<OpCase> statistics() {
    return List.of(
        OpCase.of("var", "all", x -> x[0].var()),
        OpCase.of("var", "dim", x -> x[0].var(1)),
        OpCase.of("var", "dim_keepdim", x -> x[0].var(-1, true)),
        OpCase.of("var", "dims_keepdim", x -> x[0].var(d(0, 2), true)),
        OpCase.of("var", "correction0", x -> x[0].var(d(1), 0, false)),
        OpCase.of("var", "correction2_all", x -> x[0].var(d(), 2, false)),
        OpCase.of("var", "correction_past_n", x -> x[0].var(d(), 5, false)),
        OpCase.of("var", "transposed", x -> x[0].t().var(-1)),
        OpCase.of("var", "strided", x -> strided(x[0]).var(0)),
        OpCase.of("var", "offset_data", x -> x[0].var(1)),
        OpCase.of("var", "zero_dim", x -> x[0].var()),
        OpCase.of("var", "size1_dim", x -> x[0].var(1)),
        OpCase.of("var", "empty", x -> x[0].var()),
        OpCase.of("var", "f64", x -> x[0].var(0)),
        OpCase.of("std", "all", x -> x[0].std()),
        OpCase.of("std", "dim", x -> x[0].std(0)),
        OpCase.of("std", "dim_keepdim", x -> x[0].std(0, true)),
        OpCase.of("std", "dims_keepdim_correction0", x -> x[0].std(d(1, 2), 0, true)),
        OpCase.of("std", "transposed", x -> x[0].t().std(1)),
        OpCase.of("std", "zero_dim", x -> x[0].std()),
        OpCase.of("std", "f64", x -> x[0].std(1)),
        OpCase.of("norm", "default", x -> x[0].norm()),
        OpCase.of("norm", "p1", x -> x[0].norm(1)),
        OpCase.of("norm", "p_inf", x -> x[0].norm(INF)),
        OpCase.of("norm", "p_neg_inf", x -> x[0].norm(-INF)),
        OpCase.of("norm", "p0", x -> x[0].norm(0)),
        OpCase.of("norm", "p3", x -> x[0].norm(3)),
        OpCase.of("norm", "p_half", x -> x[0].norm(0.5)),
        OpCase.of("norm", "p_neg1", x -> x[0].norm(-1)),
        OpCase.of("norm", "dim_keepdim", x -> x[0].norm(2, d(1), true)),
        OpCase.of("norm", "dims_p1", x -> x[0].norm(1, d(0, 2), false)),
        OpCase.of("norm", "dim_inf", x -> x[0].norm(INF, d(1), false)),
        OpCase.of("norm", "dim_p0_keepdim", x -> x[0].norm(0, d(1), true)),
        OpCase.of("norm", "fro_dims", x -> x[0].norm("fro", d(1, 2), false)),
        OpCase.of("norm", "transposed", x -> x[0].t().norm(2, d(1), false)),
        OpCase.of("norm", "f64", x -> x[0].norm(3, d(0), false)),
        OpCase.of("norm", "zero_dim", x -> x[0].norm()),
        OpCase.of("norm", "empty", x -> x[0].norm()));
  }

  private static List<OpCase> softmaxes() {
    return List.of(
        OpCase.of("logsumexp", "dim", x -> x[0].logsumexp(1)),
        OpCase.of("logsumexp", "neg_dim_keepdim", x -> x[0].logsumexp(-1, true)),
        OpCase.of("logsumexp", "dims", x -> x[0].logsumexp(d(0, 2), false)),
        OpCase.of("logsumexp", "large", x -> x[0].logsumexp(1)),
        OpCase.of("logsumexp", "infinities", x -> x[0].logsumexp(1)),
        OpCase.of("logsumexp", "transposed", x -> x[0].t().logsumexp(0)),
        OpCase.of("logsumexp", "int64", x -> x[0].logsumexp(1)),
        OpCase.of("logsumexp", "f64", x -> x[0].logsumexp(0)),
        OpCase.of("logsumexp", "empty", x -> x[0].logsumexp(0)),
        OpCase.of("logsumexp", "zero_dim", x -> x[0].logsumexp(0)),
        OpCase.of("softmax", "dim1", x -> x[0].softmax(1)),
        OpCase.of("softmax", "dim0", x -> x[0].softmax(0)),
        OpCase.of("softmax", "middle_dim", x -> x[0].softmax(-2)),
        OpCase.of("softmax", "transposed", x -> x[0].t().softmax(1)),
        OpCase.of("softmax", "large", x -> x[0].softmax(1)),
        OpCase.of("softmax", "neg_inf", x -> x[0].softmax(1)),
        OpCase.of("softmax", "f64", x -> x[0].softmax(1)),
        OpCase.of("softmax", "zero_dim", x -> x[0].softmax(0)),
        OpCase.of("softmax", "empty", x -> x[0].softmax(0)),
        OpCase.of("logSoftmax", "dim1", x -> x[0].logSoftmax(1)),
        OpCase.of("logSoftmax", "dim0", x -> x[0].logSoftmax(0)),
        OpCase.of("logSoftmax", "transposed", x -> x[0].t().logSoftmax(-1)),
        OpCase.of("logSoftmax", "large", x -> x[0].logSoftmax(1)),
        OpCase.of("logSoftmax", "neg_inf", x -> x[0].logSoftmax(1)),
        OpCase.of("logSoftmax", "f64", x -> x[0].logSoftmax(0)),
        OpCase.of("logSoftmax", "zero_dim", x -> x[0].logSoftmax(0)),
        OpCase.of("logSoftmax", "empty", x -> x[0].logSoftmax(1)),
        OpCase.of("softmax", "wide", x -> x[0].softmax(1)),
        OpCase.of("softmax", "wide_large", x -> x[0].softmax(-1)),
        OpCase.of("logSoftmax", "wide", x -> x[0].logSoftmax(1)),
        OpCase.of("logSoftmax", "wide_large", x -> x[0].logSoftmax(-1)));
  }

  private static List<OpCase> scans() {
    return List.of(
        OpCase.of("cumsum", "dim0", x -> x[0].cumsum(0)),
        OpCase.of("cumsum", "dim1", x -> x[0].cumsum(1)),
        OpCase.of("cumsum", "neg_dim", x -> x[0].cumsum(-2)),
        OpCase.of("cumsum", "transposed", x -> x[0].t().cumsum(1)),
        OpCase.of("cumsum", "strided", x -> strided(x[0]).cumsum(1)),
        OpCase.of("cumsum", "int32", x -> x[0].cumsum(1)),
        OpCase.of("cumsum", "bool", x -> x[0].cumsum(0)),
        OpCase.of("cumsum", "dtype_f64", x -> x[0].cumsum(1, FLOAT64)),
        OpCase.of("cumsum", "f64", x -> x[0].cumsum(0)),
        OpCase.of("cumsum", "zero_dim", x -> x[0].cumsum(0)),
        OpCase.of("cumsum", "empty", x -> x[0].cumsum(0)),
        OpCase.of("cumprod", "dim1", x -> x[0].cumprod(1)),
        OpCase.of("cumprod", "neg_dim", x -> x[0].cumprod(-2)),
        OpCase.of("cumprod", "transposed", x -> x[0].t().cumprod(1)),
        OpCase.of("cumprod", "int64", x -> x[0].cumprod(1)),
        OpCase.of("cumprod", "bool", x -> x[0].cumprod(1)),
        OpCase.of("cumprod", "dtype_f64", x -> x[0].cumprod(0, FLOAT64)),
        OpCase.of("cumprod", "zero_dim", x -> x[0].cumprod(0)),
        OpCase.of("cumprod", "empty", x -> x[0].cumprod(1)));
  }

  private static List<OpCase> logical() {
    return List.of(
        OpCase.of("all", "all_f32", x -> x[0].all()),
        OpCase.of("all", "dim", x -> x[0].all(1)),
        OpCase.of("all", "dim_keepdim", x -> x[0].all(0, true)),
        OpCase.of("all", "dims", x -> x[0].all(d(0, 1), false)),
        OpCase.of("all", "bool_true", x -> x[0].all()),
        OpCase.of("all", "fraction_and_nan", x -> x[0].all()),
        OpCase.of("all", "uint8", x -> x[0].all(1)),
        OpCase.of("all", "transposed", x -> x[0].t().all(1)),
        OpCase.of("all", "empty", x -> x[0].all()),
        OpCase.of("all", "zero_dim", x -> x[0].all()),
        OpCase.of("any", "all_f32", x -> x[0].any()),
        OpCase.of("any", "dim", x -> x[0].any(1)),
        OpCase.of("any", "neg_dim_keepdim", x -> x[0].any(-1, true)),
        OpCase.of("any", "dims", x -> x[0].any(d(0, 2), false)),
        OpCase.of("any", "uint8", x -> x[0].any()),
        OpCase.of("any", "int64", x -> x[0].any(0)),
        OpCase.of("any", "transposed", x -> x[0].t().any(1)),
        OpCase.of("any", "empty", x -> x[0].any()),
        OpCase.of("any", "zero_dim", x -> x[0].any()),
        OpCase.of("countNonzero", "all", x -> x[0].countNonzero()),
        OpCase.of("countNonzero", "dim", x -> x[0].countNonzero(1)),
        OpCase.of("countNonzero", "dims", x -> x[0].countNonzero(0, -1)),
        OpCase.of("countNonzero", "bool", x -> x[0].countNonzero(0)),
        OpCase.of("countNonzero", "int64", x -> x[0].countNonzero()),
        OpCase.of("countNonzero", "transposed", x -> x[0].t().countNonzero(1)),
        OpCase.of("countNonzero", "empty", x -> x[0].countNonzero(0)),
        OpCase.of("countNonzero", "zero_dim", x -> x[0].countNonzero()));
  }

  private static List<OpCase> nanReductions() {
    return List.of(
        OpCase.of("nansum", "all", x -> x[0].nansum()),
        OpCase.of("nansum", "dim", x -> x[0].nansum(1)),
        OpCase.of("nansum", "dims_keepdim", x -> x[0].nansum(d(0, 2), true)),
        OpCase.of("nansum", "all_nan_row", x -> x[0].nansum(1)),
        OpCase.of("nansum", "int64", x -> x[0].nansum(0)),
        OpCase.of("nansum", "transposed", x -> x[0].t().nansum(1)),
        OpCase.of("nansum", "f64", x -> x[0].nansum()),
        OpCase.of("nansum", "empty", x -> x[0].nansum()),
        OpCase.of("nanmean", "all", x -> x[0].nanmean()),
        OpCase.of("nanmean", "dim", x -> x[0].nanmean(1)),
        OpCase.of("nanmean", "dims_keepdim", x -> x[0].nanmean(d(1, 2), true)),
        OpCase.of("nanmean", "all_nan_row", x -> x[0].nanmean(1)),
        OpCase.of("nanmean", "transposed", x -> x[0].t().nanmean(0)),
        OpCase.of("nanmean", "f64", x -> x[0].nanmean(0)));
  }
}
