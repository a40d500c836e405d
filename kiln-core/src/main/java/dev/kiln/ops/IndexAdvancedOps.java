package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Derivative;
import dev.kiln.autograd.Derivatives;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.cpu.CpuIndexKernels;
import dev.kiln.backend.cpu.CpuIndexKernels.IndexOperand;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Advanced (NumPy) indexing and masks: {@code index} ({@code x[...]}), {@code indexPut} ({@code
 * x[...] = v}), nonzero, argwhere, maskedFill, maskedSelect and maskedScatter. See {@link Index}
 * for the index forms and how advanced indices place their broadcast dims.
 */
public final class IndexAdvancedOps {
  private IndexAdvancedOps() {}

  public static final PrimitiveOp INDEX = new PrimitiveOp("index");
  public static final PrimitiveOp INDEX_PUT = new PrimitiveOp("indexPut");
  public static final PrimitiveOp NONZERO = new PrimitiveOp("nonzero", false);
  public static final CompositeOp ARGWHERE = new CompositeOp("argwhere", false);
  public static final CompositeOp MASKED_FILL = new CompositeOp("maskedFill");
  public static final CompositeOp MASKED_SELECT = new CompositeOp("maskedSelect");
  public static final CompositeOp MASKED_SCATTER = new CompositeOp("maskedScatter");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(INDEX, INDEX_PUT, NONZERO, ARGWHERE, MASKED_FILL, MASKED_SELECT, MASKED_SCATTER);

  /**
   * A basic-indexed view of x plus its advanced indices (int64 tensors) at dims of that view.
   *
   * @param view x after integers, slices, newAxis and ellipsis
   * @param dims the view's dims that advanced indices index, in order
   * @param indices the int64 index tensors, one per dim
   */
  private record Plan(Tensor view, int[] dims, List<Tensor> indices) {}

  /** {@code x[indices...]}: a view when every index is basic, else a copy. */
  public static Tensor index(Tensor x, Index... indices) {
    String op = INDEX.name();
    Plan p = plan(op, x, indices);
    if (p.dims().length == 0) {
      return p.view();
    }
    if (Autograd.isRecording(x)) {
      return IndexOps.takePositions(x, positions -> index(positions, indices));
    }
    Layout l = layout(op, p);
    Tensor out = Tensor.empty(x.dtype(), l.shape());
    Tensor view =
        Tensor.wrap(
            p.view().storage(), x.dtype(), l.shape(), l.dataStrides(), p.view().storageOffset());
    CpuIndexKernels.gather(op, view, l.operands(), out);
    return out;
  }

  /**
   * Writes {@code values} (broadcast to {@code x[indices...]}'s shape, cast to x's dtype) into
   * {@code x} at {@code indices}, in place; adds instead when {@code accumulate}. Returns x.
   */
  public static Tensor indexPut_(Tensor x, Index[] indices, Tensor values, boolean accumulate) {
    String op = INDEX_PUT.name();
    Plan p = plan(op, x, indices);
    if (p.dims().length == 0) {
      Tensor v = values.to(x.dtype());
      p.view().copy_(accumulate ? BinaryOps.ADD.apply(p.view(), v) : v);
      return x;
    }
    Layout l = layout(op, p);
    Tensor src = expandTo(op, values.to(x.dtype()), l.shape());
    Tensor view =
        Tensor.wrap(
            p.view().storage(), x.dtype(), l.shape(), l.dataStrides(), p.view().storageOffset());
    boolean recording = Autograd.isRecording(x, values);
    if (recording) {
      Autograd.checkInPlace(op, x);
    }
    x.bumpVersion();
    CpuIndexKernels.scatter(op, view, l.operands(), src, accumulate ? ReduceKind.SUM : null);
    if (recording) {
      int[] valuesShape = values.shape();
      Derivative grad =
          (n, g) ->
              new Tensor[] {
                accumulate ? g : indexPut(g, indices, Tensor.zeros(g.dtype()), false),
                Derivatives.sumToShape(index(g, indices), valuesShape)
              };
      Autograd.recordInPlace(op, x, grad, x, values);
    }
    return x;
  }

  /** Like {@link #indexPut_} on a copy of x. */
  public static Tensor indexPut(Tensor x, Index[] indices, Tensor values, boolean accumulate) {
    return indexPut_(x.clone(), indices, values, accumulate);
  }

  /** The coordinates of x's non-zero elements, one row each in row-major order: int64 [n, dim]. */
  public static Tensor nonzero(Tensor x) {
    int[] pos = CpuIndexKernels.nonzeroPositions(x);
    int rank = x.dim();
    int[] shape = x.shape();
    long[] coords = new long[pos.length * rank];
    for (int i = 0; i < pos.length; i++) {
      int rem = pos[i];
      for (int d = rank - 1; d >= 0; d--) {
        coords[i * rank + d] = rem % shape[d];
        rem /= shape[d];
      }
    }
    return Tensor.of(coords).view(pos.length, rank);
  }

  /** {@link #nonzero} as one int64 tensor of positions per dim (PyTorch's {@code as_tuple}). */
  public static Tensor[] nonzeroTuple(Tensor x) {
    Tensor nz = nonzero(x.dim() == 0 ? x.reshape(1) : x);
    Tensor[] out = new Tensor[nz.size(1)];
    for (int d = 0; d < out.length; d++) {
      out[d] = nz.select(1, d).contiguous();
    }
    return out;
  }

  /** Same as {@link #nonzero}. */
  public static Tensor argwhere(Tensor x) {
    return nonzero(x);
  }

  /** A copy of x with {@code value} where {@code mask} (bool, broadcastable to x) is true. */
  public static Tensor maskedFill(Tensor x, Tensor mask, double value) {
    return maskedFill(x, mask, Tensor.scalar(value, x.dtype()));
  }

  /** {@link #maskedFill(Tensor, Tensor, double)} with a 0-dim tensor value. */
  public static Tensor maskedFill(Tensor x, Tensor mask, Tensor value) {
    String op = MASKED_FILL.name();
    checkMask(op, mask);
    if (value.dim() != 0) {
      throw new IllegalArgumentException(
          op + ": value must be a 0-dim tensor, got shape " + Shapes.str(value.shape()));
    }
    expandTo(op, mask, x.shape());
    return PointwiseOps.where(mask, value.to(x.dtype()), x);
  }

  /** {@link #maskedFill(Tensor, Tensor, double)} in place; returns x. */
  public static Tensor maskedFill_(Tensor x, Tensor mask, double value) {
    return x.copy_(maskedFill(x, mask, value));
  }

  /** The elements of x where {@code mask} is true (both broadcast), as a 1-D tensor. */
  public static Tensor maskedSelect(Tensor x, Tensor mask) {
    String op = MASKED_SELECT.name();
    checkMask(op, mask);
    int[] shape = Shapes.broadcast(op, x.shape(), mask.shape());
    int[] s = shape.length == 0 ? new int[] {1} : shape;
    Tensor m = mask.expand(shape).reshape(s);
    return index(x.expand(shape).reshape(s), Index.tensor(m));
  }

  /**
   * A copy of x (broadcast with mask) whose masked positions take the first elements of {@code
   * source} in row-major order.
   */
  public static Tensor maskedScatter(Tensor x, Tensor mask, Tensor source) {
    String op = MASKED_SCATTER.name();
    checkMask(op, mask);
    int[] shape = Shapes.broadcast(op, x.shape(), mask.shape());
    int[] s = shape.length == 0 ? new int[] {1} : shape;
    Tensor out = x.expand(shape).reshape(s).clone();
    Tensor m = mask.expand(shape).reshape(s);
    int n = CpuIndexKernels.nonzeroPositions(m).length;
    if (source.numel() < n) {
      throw new IllegalArgumentException(
          op
              + ": the mask selects "
              + n
              + " elements but source "
              + Shapes.str(source.shape())
              + " has only "
              + source.numel());
    }
    indexPut_(out, new Index[] {Index.tensor(m)}, source.reshape(-1).narrow(0, 0, n), false);
    return out.reshape(shape);
  }

  private static void checkMask(String op, Tensor mask) {
    if (mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(op + ": expected a bool mask, got " + mask.dtype());
    }
  }

  private static Tensor expandTo(String op, Tensor t, int[] shape) {
    int[] b = Shapes.broadcast(op, t.shape(), shape);
    if (!Arrays.equals(b, shape)) {
      throw new IllegalArgumentException(
          op
              + ": shape "
              + Shapes.str(t.shape())
              + " cannot be broadcast to the indexed shape "
              + Shapes.str(shape));
    }
    return t.expand(shape);
  }

  // ---- planning ----

  private static Plan plan(String op, Tensor x, Index[] indices) {
    int consumed = 0;
    int ellipses = 0;
    for (Index i : indices) {
      switch (i) {
        case Index.NewAxis n -> {}
        case Index.Ellipsis e -> ellipses++;
        case Index.TensorIndex t ->
            consumed += t.tensor().dtype() == DType.BOOL ? t.tensor().dim() : 1;
        default -> consumed++;
      }
    }
    if (ellipses > 1 || consumed > x.dim()) {
      throw new IndexOutOfBoundsException(
          op
              + ": too many indices for tensor of shape "
              + Shapes.str(x.shape())
              + ": "
              + consumed
              + " dims indexed"
              + (ellipses > 1 ? " and more than one ellipsis" : ""));
    }
    Tensor v = x;
    int cur = 0;
    List<Integer> dims = new ArrayList<>();
    List<Tensor> idx = new ArrayList<>();
    for (Index i : indices) {
      switch (i) {
        case Index.At a -> v = v.select(cur, a.index());
        case Index.Slice s -> v = v.slice(cur++, s.start(), s.stop(), s.step());
        case Index.All a -> cur++;
        case Index.NewAxis n -> v = v.unsqueeze(cur++);
        case Index.Ellipsis e -> cur += x.dim() - consumed;
        case Index.TensorIndex t when t.tensor().dtype() == DType.BOOL && t.tensor().dim() == 0 -> {
          v = v.unsqueeze(cur);
          cur = addTensorIndex(op, v, cur, t.tensor().reshape(1), dims, idx);
        }
        case Index.TensorIndex t -> cur = addTensorIndex(op, v, cur, t.tensor(), dims, idx);
      }
    }
    return new Plan(v, dims.stream().mapToInt(Integer::intValue).toArray(), idx);
  }

  private static int addTensorIndex(
      String op, Tensor v, int cur, Tensor t, List<Integer> dims, List<Tensor> idx) {
    if (t.dtype() == DType.BOOL) {
      for (int k = 0; k < t.dim(); k++) {
        if (t.size(k) != v.size(cur + k)) {
          throw new IndexOutOfBoundsException(
              op
                  + ": the shape of the mask "
                  + Shapes.str(t.shape())
                  + " at index "
                  + k
                  + " does not match the shape of the indexed tensor "
                  + Shapes.str(v.shape())
                  + " at index "
                  + (cur + k));
        }
      }
      Tensor[] nz = nonzeroTuple(t);
      for (int k = 0; k < nz.length; k++) {
        dims.add(cur + k);
        idx.add(nz[k]);
      }
      return cur + t.dim();
    }
    if (t.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          op + ": tensors used as indices must be int64 or bool, got " + t.dtype());
    }
    dims.add(cur);
    idx.add(t);
    return cur + 1;
  }

  /**
   * The result layout: its shape, the strides through which the indexed view is read (0 on the
   * broadcast dims), and one kernel operand per advanced index.
   */
  private record Layout(int[] shape, int[] dataStrides, List<IndexOperand> operands) {}

  private static Layout layout(String op, Plan p) {
    Tensor v = p.view();
    int[] dims = p.dims();
    int[][] shapes = p.indices().stream().map(Tensor::shape).toArray(int[][]::new);
    int[] b = Shapes.broadcast(op, shapes);
    boolean adjacent = dims[dims.length - 1] - dims[0] == dims.length - 1;
    int first = adjacent ? dims[0] : 0;
    int rest = v.dim() - dims.length;
    int[] shape = new int[rest + b.length];
    int[] strides = new int[shape.length];
    boolean[] indexed = new boolean[v.dim()];
    for (int d : dims) {
      indexed[d] = true;
    }
    int j = 0;
    for (int d = 0; d < v.dim(); d++) {
      if (j == first) {
        j += b.length;
      }
      if (!indexed[d]) {
        shape[j] = v.size(d);
        strides[j++] = v.stride(d);
      }
    }
    System.arraycopy(b, 0, shape, first, b.length);
    List<IndexOperand> ops = new ArrayList<>();
    for (int k = 0; k < dims.length; k++) {
      Tensor t = p.indices().get(k).expand(b);
      int[] placed = IndexOps.ones(shape.length);
      System.arraycopy(b, 0, placed, first, b.length);
      Tensor i = t.reshape(placed).expand(shape);
      ops.add(new IndexOperand(i, dims[k], v.size(dims[k]), v.stride(dims[k]), true));
    }
    return new Layout(shape, strides, ops);
  }
}
