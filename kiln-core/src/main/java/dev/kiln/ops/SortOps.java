package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.backend.cpu.CpuSortKernels;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.util.List;

/**
 * Sorting along one dim and what builds on it: sort, argsort, topk, kthvalue, median and mode. NaN
 * sorts as the largest value, as in PyTorch; sorting is always stable. A 0-dim input sorts as a
 * one-element vector. The values take the gradient, which goes back to the element each index names
 * (the all-dims median splits it among the elements equal to the median, as PyTorch does); the
 * int64 indices take none.
 */
public final class SortOps {
  private SortOps() {}

  public static final PrimitiveOp SORT = new PrimitiveOp("sort");
  public static final CompositeOp ARGSORT = new CompositeOp("argsort", false);
  public static final CompositeOp TOPK = new CompositeOp("topk");
  public static final CompositeOp KTHVALUE = new CompositeOp("kthvalue");
  public static final CompositeOp MEDIAN = new CompositeOp("median");
  public static final PrimitiveOp MODE = new PrimitiveOp("mode");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(SORT, ARGSORT, TOPK, KTHVALUE, MEDIAN, MODE);

  /**
   * The lanes of {@code x} along {@code dim} sorted (ascending unless {@code descending}), with the
   * int64 positions they came from. Equal elements keep their order (a stable sort); NaN sorts as
   * the largest value.
   */
  public static ValuesIndices sort(Tensor x, int dim, boolean descending) {
    ValuesIndices r = sortAlong(SORT.name(), x, dim, descending);
    return recordSelected(SORT.name(), r, x, dim, r.indices());
  }

  /** The int64 positions that sort {@code x} along {@code dim} (see {@link #sort}). */
  public static Tensor argsort(Tensor x, int dim, boolean descending) {
    return sortAlong(ARGSORT.name(), x, dim, descending).indices();
  }

  /**
   * The {@code k} largest (or, unless {@code largest}, smallest) elements along {@code dim} and
   * their int64 positions, in sorted order (largest first when {@code largest}).
   *
   * @throws IllegalArgumentException when k is negative or larger than the dim's size
   */
  public static ValuesIndices topk(Tensor x, int k, int dim, boolean largest) {
    int d = Shapes.normalizeDim(TOPK.name(), dim, x.dim());
    int size = x.dim() == 0 ? 1 : x.size(d);
    if (k < 0 || k > size) {
      throw kOutOfRange(TOPK.name(), k, "[0, " + size + "]", d, x);
    }
    ValuesIndices sorted = sortAlong(TOPK.name(), x, dim, largest);
    Tensor indices =
        x.dim() == 0 ? sorted.indices() : sorted.indices().narrow(d, 0, k).contiguous();
    Tensor values = x.dim() == 0 ? sorted.values() : sorted.values().narrow(d, 0, k).contiguous();
    return recordSelected(TOPK.name(), new ValuesIndices(values, indices), x, d, indices);
  }

  /**
   * The {@code k}-th smallest element (k counts from 1) along {@code dim} and its int64 position;
   * NaN counts as the largest value.
   *
   * @throws IllegalArgumentException when k is outside {@code [1, size of dim]}
   */
  public static ValuesIndices kthvalue(Tensor x, int k, int dim, boolean keepdim) {
    int d = Shapes.normalizeDim(KTHVALUE.name(), dim, x.dim());
    int size = x.dim() == 0 ? 1 : x.size(d);
    if (k < 1 || k > size) {
      throw kOutOfRange(KTHVALUE.name(), k, "[1, " + size + "]", d, x);
    }
    ValuesIndices r = pick(sortAlong(KTHVALUE.name(), x, dim, false), x, d, k - 1, keepdim);
    return recordReduced(KTHVALUE.name(), r, x, d, keepdim);
  }

  /**
   * The median of all elements: the lower of the two middle values when their number is even; NaN
   * if any element is NaN or there are none.
   *
   * @throws IllegalArgumentException for bool inputs, and for empty integer inputs
   */
  public static Tensor median(Tensor x) {
    Tensor flat = x.detach().reshape(x.numel());
    Tensor m =
        x.numel() == 0 && x.dtype().isFloatingPoint()
            ? Tensor.full(Double.NaN, x.dtype())
            : median(flat, 0, false).values();
    return Autograd.record(
        MEDIAN.name(), m, (n, g) -> new Tensor[] {evenlySplit(g, n.input(0), n.output())}, x);
  }

  /**
   * The median along {@code dim} (the lower middle value) and its int64 position. A lane holding
   * NaN gives NaN and the position of its first NaN.
   *
   * @throws IllegalArgumentException for bool inputs and when the dim has size 0
   */
  public static ValuesIndices median(Tensor x, int dim, boolean keepdim) {
    String op = MEDIAN.name();
    int d = requireLanes(op, x, dim);
    if (x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(op + ": not implemented for dtype bool");
    }
    int size = x.dim() == 0 ? 1 : x.size(d);
    ValuesIndices mid = pick(sortAlong(op, x, dim, false), x, d, (size - 1) / 2, keepdim);
    if (!x.dtype().isFloatingPoint()) {
      return mid;
    }
    Tensor isNan = x.isnan();
    Tensor anyNan = isNan.any(d, keepdim);
    Tensor firstNan = isNan.to(DType.INT64).argmax(d, keepdim);
    ValuesIndices r =
        new ValuesIndices(
            PointwiseOps.where(anyNan, Tensor.wrapNumber(Double.NaN), mid.values()),
            PointwiseOps.where(anyNan, firstNan, mid.indices()));
    return recordReduced(op, r, x, d, keepdim);
  }

  /**
   * The most frequent value along {@code dim} (the smallest of those tied) and the int64 position
   * of its last occurrence.
   *
   * @throws IllegalArgumentException when the dim has size 0
   */
  public static ValuesIndices mode(Tensor x, int dim, boolean keepdim) {
    int d = requireLanes(MODE.name(), x, dim);
    Tensor in = x.dim() == 0 ? x.reshape(1) : x;
    int[] kept = in.shape();
    kept[d] = 1;
    Tensor values = Tensor.empty(x.dtype(), kept);
    Tensor indices = Tensor.empty(DType.INT64, kept);
    CpuSortKernels.mode(in, d, values, indices);
    int[] out =
        ReduceOp.outShape(
            x.shape(), ReduceOp.reducedDims(MODE.name(), x.dim(), new int[] {d}), keepdim);
    ValuesIndices r = new ValuesIndices(values.reshape(out), indices.reshape(out));
    return recordSelected(MODE.name(), r, x, d, indices);
  }

  /**
   * Makes {@code r}'s values the result of {@code op} on {@code x} in the graph, with the gradient
   * of each value going to the element of x that {@code keptIndices} (of the values' shape with
   * {@code dim} kept) names along {@code dim}, added up where several name the same element.
   */
  static ValuesIndices recordSelected(
      String op, ValuesIndices r, Tensor x, int dim, Tensor keptIndices) {
    int d = Shapes.normalizeDim(op, dim, x.dim());
    Autograd.record(
        op,
        r.values(),
        (n, g) -> new Tensor[] {ReduceOps.selectedGrad(g, n.inputShape(0), d, keptIndices)},
        x);
    return r;
  }

  /** {@link #recordSelected} for a reduction of dim {@code d}, kept only when {@code keepdim}. */
  private static ValuesIndices recordReduced(
      String op, ValuesIndices r, Tensor x, int d, boolean keepdim) {
    boolean unsqueeze = !keepdim && x.dim() > 0;
    return recordSelected(op, r, x, d, unsqueeze ? r.indices().unsqueeze(d) : r.indices());
  }

  /**
   * The all-dims median's gradient: {@code g} split evenly among the elements of {@code x} equal to
   * {@code median} (the NaN elements when it is NaN).
   */
  private static Tensor evenlySplit(Tensor g, Tensor x, Tensor median) {
    Tensor mask = x.eq(median).logicalOr(x.isnan().logicalAnd(median.isnan()));
    return g.mul(mask).div(mask.sum());
  }

  /** Sorts along {@code dim}, checking the dim in the name of {@code op}. */
  static ValuesIndices sortAlong(String op, Tensor x, int dim, boolean descending) {
    int d = Shapes.normalizeDim(op, dim, x.dim());
    Tensor in = x.dim() == 0 ? x.reshape(1) : x;
    Tensor values = Tensor.empty(x.dtype(), in.shape());
    Tensor indices = Tensor.empty(DType.INT64, in.shape());
    CpuSortKernels.sort(in, d, descending, values, indices);
    return new ValuesIndices(values.reshape(x.shape()), indices.reshape(x.shape()));
  }

  /** Element {@code pos} of each sorted lane, with dim {@code d} removed unless {@code keepdim}. */
  private static ValuesIndices pick(
      ValuesIndices sorted, Tensor x, int d, int pos, boolean keepdim) {
    if (x.dim() == 0) {
      return sorted;
    }
    Tensor v = sorted.values().select(d, pos);
    Tensor i = sorted.indices().select(d, pos);
    return keepdim
        ? new ValuesIndices(v.unsqueeze(d), i.unsqueeze(d))
        : new ValuesIndices(v.contiguous(), i.contiguous());
  }

  /** Normalizes {@code dim} and fails when it has size 0 (a lane reduction needs elements). */
  private static int requireLanes(String op, Tensor x, int dim) {
    int d = Shapes.normalizeDim(op, dim, x.dim());
    ReduceOp.requireElements(op, x.shape(), ReduceOp.reducedDims(op, x.dim(), new int[] {dim}));
    return d;
  }

  private static IllegalArgumentException kOutOfRange(
      String op, int k, String range, int d, Tensor x) {
    return new IllegalArgumentException(
        op
            + ": k ("
            + k
            + ") out of range "
            + range
            + " for dimension "
            + d
            + " of input shape "
            + Shapes.str(x.shape()));
  }
}
