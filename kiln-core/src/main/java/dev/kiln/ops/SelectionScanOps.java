package dev.kiln.ops;

import dev.kiln.backend.cpu.CpuSortKernels;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;
import dev.kiln.tensor.ValuesIndices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Running selections and differences along one dim: cummax and cummin (with where each running
 * extreme sits; the gradient of each running value goes to the element it came from) and diff.
 */
public final class SelectionScanOps {
  private SelectionScanOps() {}

  public static final PrimitiveOp CUMMAX = new PrimitiveOp("cummax");
  public static final PrimitiveOp CUMMIN = new PrimitiveOp("cummin");
  public static final CompositeOp DIFF = new CompositeOp("diff");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(CUMMAX, CUMMIN, DIFF);

  /**
   * The running maximum along {@code dim} and the int64 position of each (the later one on ties;
   * NaN, once seen, stays).
   */
  public static ValuesIndices cummax(Tensor x, int dim) {
    return running(CUMMAX.name(), true, x, dim);
  }

  /**
   * The running minimum along {@code dim} and the int64 position of each (the later one on ties;
   * NaN, once seen, stays).
   */
  public static ValuesIndices cummin(Tensor x, int dim) {
    return running(CUMMIN.name(), false, x, dim);
  }

  /**
   * The {@code n}-th forward difference along {@code dim}: {@code out[i] = x[i+1] - x[i]} applied n
   * times (for bool, {@code x[i+1] != x[i]}), after joining {@code prepend} before and {@code
   * append} after x along dim (either may be null; they need x's rank and its sizes in other dims).
   *
   * @throws IllegalArgumentException for a 0-dim x, negative n, or prepend/append of another shape
   */
  public static Tensor diff(Tensor x, int n, int dim, Tensor prepend, Tensor append) {
    String op = DIFF.name();
    if (x.dim() == 0) {
      throw new IllegalArgumentException(op + ": expected an input with at least one dim");
    }
    if (n < 0) {
      throw new IllegalArgumentException(op + ": expected order n >= 0, got " + n);
    }
    int d = Shapes.normalizeDim(op, dim, x.dim());
    Tensor t = join(op, x, d, prepend, append);
    for (int i = 0; i < n && t.size(d) > 0; i++) {
      int len = t.size(d) - 1;
      Tensor next = t.narrow(d, 1, len);
      Tensor prev = t.narrow(d, 0, len);
      t =
          t.dtype() == DType.BOOL
              ? BinaryOps.NE.apply(next, prev)
              : BinaryOps.SUB.apply(next, prev);
    }
    return t;
  }

  private static ValuesIndices running(String op, boolean max, Tensor x, int dim) {
    int d = Shapes.normalizeDim(op, dim, x.dim());
    Tensor in = x.dim() == 0 ? x.reshape(1) : x;
    Tensor values = Tensor.empty(x.dtype(), in.shape());
    Tensor indices = Tensor.empty(DType.INT64, in.shape());
    CpuSortKernels.cumulativeExtreme(max, in, d, values, indices);
    Tensor idx = indices.reshape(x.shape());
    return SortOps.recordSelected(op, new ValuesIndices(values.reshape(x.shape()), idx), x, d, idx);
  }

  /** x with prepend and append (when given) joined along d, in their promoted dtype. */
  private static Tensor join(String op, Tensor x, int d, Tensor prepend, Tensor append) {
    if (prepend == null && append == null) {
      return x;
    }
    List<Tensor> parts = new ArrayList<>();
    DType type = x.dtype();
    int total = 0;
    for (Tensor p : new Tensor[] {prepend, x, append}) {
      if (p == null) {
        continue;
      }
      int[] expected = x.shape();
      expected[d] = p.dim() == x.dim() ? p.size(d) : -1;
      if (p.dim() != x.dim() || !Arrays.equals(p.shape(), expected)) {
        throw new IllegalArgumentException(
            op
                + ": expected prepend and append to match the input's shape "
                + Shapes.str(x.shape())
                + " in all dims but "
                + d
                + ", got shape "
                + Shapes.str(p.shape()));
      }
      parts.add(p);
      type = TypePromotion.promoteTypes(type, p.dtype());
      total += p.size(d);
    }
    int[] shape = x.shape();
    shape[d] = total;
    Tensor out = Tensor.empty(type, shape);
    int at = 0;
    for (Tensor p : parts) {
      out.narrow(d, at, p.size(d)).copy_(p);
      at += p.size(d);
    }
    return out;
  }
}
