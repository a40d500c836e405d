package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Derivative;
import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.cpu.CpuIndexKernels;
import dev.kiln.backend.cpu.CpuIndexKernels.IndexOperand;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Indexing along one dim: indexSelect, gather, scatter (with reductions), scatterAdd, indexAdd,
 * indexCopy, indexFill, take, takeAlongDim, embedding and oneHot. Positions are int64 tensors
 * (indexSelect, indexAdd, indexCopy, indexFill and embedding also take int32, as PyTorch does); an
 * out-of-range position fails naming the op, the position, the dim and its size.
 *
 * <p>Scatter with duplicate positions and no reduction keeps the last write here; PyTorch leaves it
 * undefined, so the op table avoids duplicates in those samples.
 */
public final class IndexOps {
  private IndexOps() {}

  public static final PrimitiveOp INDEX_SELECT = new PrimitiveOp("indexSelect");
  public static final PrimitiveOp GATHER = new PrimitiveOp("gather");
  public static final PrimitiveOp SCATTER = new PrimitiveOp("scatter");
  public static final PrimitiveOp SCATTER_ADD = new PrimitiveOp("scatterAdd");
  public static final PrimitiveOp INDEX_ADD = new PrimitiveOp("indexAdd");
  public static final PrimitiveOp INDEX_COPY = new PrimitiveOp("indexCopy");
  public static final PrimitiveOp INDEX_FILL = new PrimitiveOp("indexFill");
  public static final PrimitiveOp TAKE = new PrimitiveOp("take");
  public static final CompositeOp TAKE_ALONG_DIM = new CompositeOp("takeAlongDim");
  public static final CompositeOp EMBEDDING = new CompositeOp("embedding");
  public static final CompositeOp ONE_HOT = new CompositeOp("oneHot", false);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(
          INDEX_SELECT,
          GATHER,
          SCATTER,
          SCATTER_ADD,
          INDEX_ADD,
          INDEX_COPY,
          INDEX_FILL,
          TAKE,
          TAKE_ALONG_DIM,
          EMBEDDING,
          ONE_HOT);

  /** How {@code scatter} combines a source value with the value already at its target. */
  public enum ScatterReduce {
    /** Adds. */
    SUM,
    /** Multiplies. */
    PROD,
    /** Averages every value sent to a position (integers round down). */
    MEAN,
    /** Keeps the largest (NaN wins). */
    AMAX,
    /** Keeps the smallest (NaN wins). */
    AMIN
  }

  // ---- gather side ----

  /** The entries of {@code x} at positions {@code index} (1-D or 0-dim) along {@code dim}. */
  public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
    String op = INDEX_SELECT.name();
    checkIndex(op, index, true);
    if (index.dim() > 1) {
      throw new IllegalArgumentException(
          op + ": index should have 1 or 0 dims, got shape " + Shapes.str(index.shape()));
    }
    Tensor src = x.dim() == 0 ? x.reshape(1) : x;
    int d = Shapes.normalizeDim(op, dim, src.dim());
    int[] outShape = src.shape();
    outShape[d] = index.numel();
    Tensor out = Tensor.empty(x.dtype(), outShape);
    Tensor idx = alongDim(index.reshape(-1), d, outShape);
    gather(op, src, d, idx, out);
    Tensor result = x.dim() == 0 ? out.reshape() : out;
    if (!Autograd.isRecording(x)) {
      return result;
    }
    Derivative grad =
        (n, g) -> new Tensor[] {Tensor.zeros(g.dtype(), n.inputShape(0)).indexAdd(dim, index, g)};
    return Autograd.record(op, result, grad, x);
  }

  /**
   * {@code out[i][j][k] = x[i][index[i][j][k]][k]} for {@code dim = 1}: {@code index} has x's rank
   * and sizes no larger than x's off {@code dim}; the result has index's shape.
   */
  public static Tensor gather(Tensor x, int dim, Tensor index) {
    String op = GATHER.name();
    checkIndex(op, index, false);
    int d = Shapes.normalizeDim(op, dim, x.dim());
    checkAlongDim(op, x, d, index, null);
    Tensor src = x.dim() == 0 ? x.reshape(1) : x;
    Tensor idx = index.dim() == 0 ? index.reshape(1) : index;
    Tensor out = Tensor.empty(x.dtype(), idx.shape());
    gather(op, src, d, idx, out);
    Tensor result = out.reshape(index.shape());
    if (!Autograd.isRecording(x)) {
      return result;
    }
    Derivative grad =
        (n, g) -> new Tensor[] {Tensor.zeros(g.dtype(), n.inputShape(0)).scatterAdd(dim, index, g)};
    return Autograd.record(op, result, grad, x);
  }

  /** The elements of {@code x}, read as 1-D, at {@code index} (any shape; negatives wrap). */
  public static Tensor take(Tensor x, Tensor index) {
    String op = TAKE.name();
    checkIndex(op, index, false);
    Tensor flat = x.reshape(-1);
    Tensor idx = index.dim() == 0 ? index.reshape(1) : index;
    Tensor out = Tensor.empty(x.dtype(), idx.shape());
    IndexOperand io = new IndexOperand(idx, 0, flat.numel(), flat.stride(0), true);
    runGather(op, flat, new int[idx.dim()], io, out);
    Tensor result = out.reshape(index.shape());
    if (!Autograd.isRecording(x)) {
      return result;
    }
    return Autograd.record(
        op, result, (n, g) -> new Tensor[] {IndexGrads.takeGrad(g, n, index)}, x);
  }

  /**
   * {@code gather} after broadcasting {@code x} and {@code index} on every dim but {@code dim};
   * with no dim ({@link #takeAlongDim(Tensor, Tensor)}) both are flattened.
   */
  public static Tensor takeAlongDim(Tensor x, Tensor index, int dim) {
    String op = TAKE_ALONG_DIM.name();
    checkIndex(op, index, false);
    int d = Shapes.normalizeDim(op, dim, x.dim());
    if (x.dim() != index.dim()) {
      throw new IllegalArgumentException(
          op
              + ": input and indices should have the same number of dimensions, got shapes "
              + Shapes.str(x.shape())
              + " and "
              + Shapes.str(index.shape()));
    }
    int[] xs = x.shape();
    int[] is = index.shape();
    xs[d] = 1;
    is[d] = 1;
    int[] b = Shapes.broadcast(op, xs, is);
    int[] xt = b.clone();
    int[] it = b.clone();
    xt[d] = x.size(d);
    it[d] = index.size(d);
    return gather(x.expand(xt), d, index.expand(it));
  }

  /** {@code takeAlongDim} over the flattened input and indices. */
  public static Tensor takeAlongDim(Tensor x, Tensor index) {
    return takeAlongDim(x.reshape(-1), index.reshape(-1), 0);
  }

  /**
   * Rows of {@code weight} ({@code [num, dim]}) at {@code indices} (any shape): the result has
   * shape {@code indices.shape + [dim]}, as {@code torch.nn.functional.embedding}.
   */
  public static Tensor embedding(Tensor indices, Tensor weight) {
    if (weight.dim() != 2) {
      throw new IllegalArgumentException(
          EMBEDDING.name() + ": weight must be 2-D, got shape " + Shapes.str(weight.shape()));
    }
    int[] shape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
    shape[indices.dim()] = weight.size(1);
    return indexSelect(weight, 0, indices.reshape(-1)).view(shape);
  }

  /**
   * int64 one-hot encoding: {@code out[..., c] = (x[...] == c)} with a new last dim of {@code
   * numClasses} (-1: the largest value + 1).
   */
  public static Tensor oneHot(Tensor x, int numClasses) {
    String op = ONE_HOT.name();
    if (x.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          op + ": expected an int64 tensor of class values, got " + x.dtype());
    }
    long[] v = x.toLongArray();
    long max = -1;
    for (long c : v) {
      if (c < 0) {
        throw new IllegalArgumentException(op + ": class values must be non-negative, got " + c);
      }
      max = Math.max(max, c);
    }
    int n = numClasses;
    if (n == -1) {
      if (v.length == 0) {
        throw new IllegalArgumentException(
            op + ": cannot infer the number of classes of an empty tensor; pass numClasses");
      }
      n = (int) max + 1;
    } else if (max >= n) {
      throw new IllegalArgumentException(
          op + ": class value " + max + " must be smaller than numClasses (" + n + ")");
    }
    int[] shape = Arrays.copyOf(x.shape(), x.dim() + 1);
    shape[x.dim()] = n;
    Tensor out = Tensor.zeros(DType.INT64, shape);
    int last = x.dim();
    Tensor idx = x.unsqueeze(last);
    int[] srcShape = idx.shape();
    scatterInto(op, out, last, idx, Tensor.ones(DType.INT64).expand(srcShape), null);
    return out;
  }

  // ---- scatter side ----

  /**
   * A copy of {@code x} with {@code src} written at {@code index} along {@code dim}: {@code
   * out[i][index[i][j]] = src[i][j]} for {@code dim = 1}.
   */
  public static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src) {
    return scatter_(x.clone(), dim, index, src, null, true);
  }

  /** {@link #scatter(Tensor, int, Tensor, Tensor)} with one value for every position. */
  public static Tensor scatter(Tensor x, int dim, Tensor index, double value) {
    Tensor src = Tensor.scalar(value, x.dtype()).expand(index.shape());
    return scatter_(x.clone(), dim, index, src, null, true);
  }

  /**
   * {@code torch.scatter_reduce}: combines {@code src} into a copy of {@code x} at {@code index}
   * along {@code dim} with {@code reduce}; when {@code includeSelf} is false the values of x at the
   * scattered positions are left out.
   */
  public static Tensor scatter(
      Tensor x, int dim, Tensor index, Tensor src, ScatterReduce reduce, boolean includeSelf) {
    return scatter_(x.clone(), dim, index, src, reduce, includeSelf);
  }

  /** {@code scatter} with {@code ScatterReduce.SUM}: adds {@code src} at {@code index}. */
  public static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
    return scatterAdd_(x.clone(), dim, index, src);
  }

  /** {@link #scatterAdd} into {@code target} in place; returns it. */
  public static Tensor scatterAdd_(Tensor target, int dim, Tensor index, Tensor src) {
    return scatter(SCATTER_ADD.name(), target, dim, index, src, ScatterReduce.SUM, true);
  }

  /** Scatters into {@code target} in place (it is the result); {@code reduce} null replaces. */
  public static Tensor scatter_(
      Tensor target, int dim, Tensor index, Tensor src, ScatterReduce reduce, boolean includeSelf) {
    return scatter(SCATTER.name(), target, dim, index, src, reduce, includeSelf);
  }

  private static Tensor scatter(
      String op,
      Tensor target,
      int dim,
      Tensor index,
      Tensor src,
      ScatterReduce reduce,
      boolean includeSelf) {
    checkIndex(op, index, false);
    int d = Shapes.normalizeDim(op, dim, target.dim());
    if (src.dtype() != target.dtype()) {
      throw new IllegalArgumentException(
          op
              + ": expected self.dtype to be equal to src.dtype, got "
              + target.dtype()
              + " and "
              + src.dtype());
    }
    checkAlongDim(op, target, d, index, src);
    boolean recording = Autograd.isRecording(target, src);
    if (recording) {
      Autograd.checkInPlace(op, target);
    }
    Tensor t = target.dim() == 0 ? target.reshape(1) : target;
    Tensor idx = index.dim() == 0 ? index.reshape(1) : index;
    Tensor s = restrict(src.dim() == 0 ? src.reshape(1) : src, idx);
    target.bumpVersion();
    // PROD's derivative reads the old values, so they stay in the graph (for higher orders)
    Tensor before = recording && reduce == ScatterReduce.PROD ? target.clone() : null;
    try (var scope = recording ? Autograd.noGrad() : null) {
      if (recording && (reduce == ScatterReduce.AMAX || reduce == ScatterReduce.AMIN)) {
        before = target.clone();
      }
      scatterKernels(op, t, d, idx, s, reduce, includeSelf);
    }
    if (recording) {
      int[] srcShape = src.shape();
      Tensor old = before;
      Derivative grad =
          (n, g) ->
              reduce == ScatterReduce.PROD
                  ? IndexGrads.prodScatterGrad(g, n, dim, index, old, includeSelf)
                  : old == null
                      ? IndexGrads.scatterGrad(g, dim, index, srcShape, reduce, includeSelf)
                      : IndexGrads.extremumScatterGrad(g, n, dim, index, old, includeSelf);
      Autograd.recordInPlace(op, target, grad, target, src);
    }
    return target;
  }

  private static void scatterKernels(
      String op, Tensor t, int d, Tensor idx, Tensor s, ScatterReduce reduce, boolean includeSelf) {
    if (reduce == null) {
      scatterInto(op, t, d, idx, s, null);
      return;
    }
    if (!includeSelf) {
      Tensor init =
          switch (reduce) {
            case SUM, MEAN -> Tensor.zeros(t.dtype()).expand(idx.shape());
            case PROD -> Tensor.ones(t.dtype()).expand(idx.shape());
            case AMAX, AMIN -> s;
          };
      scatterInto(op, t, d, idx, init, null);
    }
    ReduceKind kind =
        switch (reduce) {
          case SUM, MEAN -> ReduceKind.SUM;
          case PROD -> ReduceKind.PROD;
          case AMAX -> ReduceKind.MAX;
          case AMIN -> ReduceKind.MIN;
        };
    scatterInto(op, t, d, idx, s, kind);
    if (reduce == ScatterReduce.MEAN) {
      Tensor count = meanCount(t.dtype(), t.shape(), d, idx, includeSelf);
      Tensor mean =
          t.dtype().isFloatingPoint()
              ? BinaryOps.DIV.apply(t, count)
              : BinaryOps.FLOOR_DIVIDE.apply(t, count);
      t.copy_(mean);
    }
  }

  /** How many values each position of a mean scatter averages (self counted when included). */
  static Tensor meanCount(DType dtype, int[] shape, int d, Tensor idx, boolean includeSelf) {
    String op = SCATTER.name();
    Tensor count = Tensor.ones(dtype, shape);
    if (!includeSelf) {
      scatterInto(op, count, d, idx, Tensor.zeros(dtype).expand(idx.shape()), null);
    }
    scatterInto(op, count, d, idx, Tensor.ones(dtype).expand(idx.shape()), ReduceKind.SUM);
    return count;
  }

  /**
   * A copy of {@code x} with {@code alpha * src} added at positions {@code index} (1-D) along
   * {@code dim}: {@code out.select(dim, index[i]) += alpha * src.select(dim, i)}.
   */
  public static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor src, double alpha) {
    return indexAdd_(x.clone(), dim, index, src, alpha);
  }

  /** {@link #indexAdd} into {@code target} in place; returns it. */
  public static Tensor indexAdd_(Tensor target, int dim, Tensor index, Tensor src, double alpha) {
    Tensor scaled = alpha == 1 ? src : BinaryOps.MUL.apply(src, Tensor.wrapNumber(alpha));
    return indexWrite(INDEX_ADD.name(), target, dim, index, scaled, ReduceKind.SUM);
  }

  /** A copy of {@code x} with {@code out.select(dim, index[i]) = src.select(dim, i)}. */
  public static Tensor indexCopy(Tensor x, int dim, Tensor index, Tensor src) {
    return indexCopy_(x.clone(), dim, index, src);
  }

  /** {@link #indexCopy} into {@code target} in place; returns it. */
  public static Tensor indexCopy_(Tensor target, int dim, Tensor index, Tensor src) {
    return indexWrite(INDEX_COPY.name(), target, dim, index, src, null);
  }

  /** A copy of {@code x} with {@code value} at positions {@code index} along {@code dim}. */
  public static Tensor indexFill(Tensor x, int dim, Tensor index, double value) {
    return indexFill_(x.clone(), dim, index, value);
  }

  /** {@link #indexFill} into {@code target} in place; returns it. */
  public static Tensor indexFill_(Tensor target, int dim, Tensor index, double value) {
    int[] shape = target.dim() == 0 ? new int[] {1} : target.shape();
    int d = Shapes.normalizeDim(INDEX_FILL.name(), dim, target.dim());
    shape[d] = index.numel();
    Tensor src = Tensor.scalar(value, target.dtype()).expand(shape);
    return indexWrite(INDEX_FILL.name(), target, dim, index, src, null);
  }

  /** Writes {@code src} into {@code target} at {@code index} (1-D) along {@code dim}, in place. */
  static Tensor indexWrite(
      String op, Tensor target, int dim, Tensor index, Tensor src, ReduceKind kind) {
    checkIndex(op, index, true);
    Tensor t = target.dim() == 0 ? target.reshape(1) : target;
    Tensor s = (src.dim() == 0 ? src.reshape(1) : src).to(target.dtype());
    int d = Shapes.normalizeDim(op, dim, t.dim());
    int[] expected = t.shape();
    expected[d] = index.numel();
    if (index.dim() > 1 || !Arrays.equals(expected, s.shape())) {
      throw new IllegalArgumentException(
          op
              + ": source shape "
              + Shapes.str(src.shape())
              + " must equal the shape of self "
              + Shapes.str(target.shape())
              + " with dim "
              + d
              + " of size "
              + index.numel()
              + " (the length of the 1-D index, shape "
              + Shapes.str(index.shape())
              + ")");
    }
    boolean recording = Autograd.isRecording(target, src);
    if (recording) {
      Autograd.checkInPlace(op, target);
    }
    target.bumpVersion();
    scatterInto(op, t, d, alongDim(index.reshape(-1), d, expected), s, kind);
    if (recording) {
      Derivative grad =
          (n, g) ->
              new Tensor[] {
                kind == null ? g.indexFill(dim, index, 0) : g, g.indexSelect(dim, index)
              };
      Autograd.recordInPlace(op, target, grad, target, src);
    }
    return target;
  }

  // ---- shared plumbing ----

  /**
   * A gather-like op on {@code x} that autograd records: the op is run on the flat positions of x
   * (an int64 tensor of x's shape) and its result read from x with {@link #take}, whose derivative
   * scatters the gradient back. {@code positionsOp} must only move elements.
   */
  static Tensor takePositions(Tensor x, java.util.function.UnaryOperator<Tensor> positionsOp) {
    Tensor positions;
    try (var scope = Autograd.noGrad()) {
      positions = positionsOp.apply(Tensor.arange(0L, x.numel()).reshape(x.shape()));
    }
    return take(x, positions);
  }

  /**
   * For flip, roll and padding: {@code out} has x's shape except {@code positions[k].length} on
   * {@code dims[k]}, and reads x at {@code positions[k][i]} on those dims.
   */
  static Tensor gatherDims(String op, Tensor x, int[] dims, long[][] positions) {
    if (Autograd.isRecording(x)) {
      return takePositions(x, p -> gatherDims(op, p, dims, positions));
    }
    int[] shape = x.shape();
    int[] strides = x.strides();
    for (int d : dims) {
      strides[d] = 0;
    }
    for (int k = 0; k < dims.length; k++) {
      shape[dims[k]] = positions[k].length;
    }
    List<IndexOperand> ops = new java.util.ArrayList<>();
    for (int k = 0; k < dims.length; k++) {
      Tensor idx = alongDim(Tensor.of(positions[k]), dims[k], shape);
      ops.add(new IndexOperand(idx, dims[k], x.size(dims[k]), x.stride(dims[k]), false));
    }
    Tensor out = Tensor.empty(x.dtype(), shape);
    Tensor view = Tensor.wrap(x.storage(), x.dtype(), shape, strides, x.storageOffset());
    CpuIndexKernels.gather(op, view, ops, out);
    return out;
  }

  /** Runs the gather kernel: {@code out = src[..., idx[...], ...]} along {@code d}. */
  private static void gather(String op, Tensor src, int d, Tensor idx, Tensor out) {
    IndexOperand io = new IndexOperand(idx, d, src.size(d), src.stride(d), false);
    runGather(op, src, zeroed(src, d), io, out);
  }

  /** The gather kernel over {@code out}'s shape, reading {@code src} through {@code strides}. */
  private static void runGather(String op, Tensor src, int[] strides, IndexOperand io, Tensor out) {
    Tensor view =
        Tensor.wrap(src.storage(), src.dtype(), out.shape(), strides, src.storageOffset());
    CpuIndexKernels.gather(op, view, List.of(io), out);
  }

  /** Runs the scatter kernel: {@code target[..., idx[...], ...] (reduce)= src[...]} along d. */
  static void scatterInto(String op, Tensor target, int d, Tensor idx, Tensor src, ReduceKind k) {
    Tensor view =
        Tensor.wrap(
            target.storage(),
            target.dtype(),
            idx.shape(),
            zeroed(target, d),
            target.storageOffset());
    IndexOperand io = new IndexOperand(idx, d, target.size(d), target.stride(d), false);
    CpuIndexKernels.scatter(op, view, List.of(io), src, k);
  }

  /** {@code t}'s strides with dim {@code d}'s set to 0 (the kernel adds index * stride). */
  private static int[] zeroed(Tensor t, int d) {
    int[] st = t.strides();
    st[d] = 0;
    return st;
  }

  /** A 1-D index laid along dim {@code d} of {@code shape} (a broadcast view). */
  static Tensor alongDim(Tensor index1d, int d, int[] shape) {
    int[] s = ones(shape.length);
    s[d] = index1d.numel();
    return index1d.reshape(s).expand(shape);
  }

  /** The leading {@code idx.shape} corner of {@code src} (a view). */
  static Tensor restrict(Tensor src, Tensor idx) {
    Tensor s = src;
    for (int i = 0; i < idx.dim(); i++) {
      s = s.narrow(i, 0, idx.size(i));
    }
    return s;
  }

  static int[] ones(int n) {
    int[] s = new int[n];
    Arrays.fill(s, 1);
    return s;
  }

  /** Index dtype check: int64, or also int32 when {@code allowInt32}. */
  static void checkIndex(String op, Tensor index, boolean allowInt32) {
    if (index.dtype() != DType.INT64 && !(allowInt32 && index.dtype() == DType.INT32)) {
      throw new IllegalArgumentException(
          op
              + ": expected an int64"
              + (allowInt32 ? " or int32" : "")
              + " index tensor, got "
              + index.dtype());
    }
  }

  /**
   * gather/scatter shape rule: index has x's rank, and index.size(d) &lt;= x.size(d) for every d !=
   * dim (and &lt;= src.size(d) for every d when src is given).
   */
  private static void checkAlongDim(String op, Tensor x, int dim, Tensor index, Tensor src) {
    boolean ok = index.dim() == x.dim() || (index.dim() <= 1 && x.dim() <= 1);
    int[] is = index.dim() == 0 ? new int[] {1} : index.shape();
    int[] xs = x.dim() == 0 ? new int[] {1} : x.shape();
    for (int d = 0; ok && d < is.length && d < xs.length; d++) {
      ok = d == dim || is[d] <= xs[d];
    }
    if (src != null) {
      int[] ss = src.dim() == 0 ? new int[] {1} : src.shape();
      ok &= ss.length == is.length;
      for (int d = 0; ok && d < is.length; d++) {
        ok = is[d] <= ss[d];
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          op
              + ": index shape "
              + Shapes.str(index.shape())
              + " must have the rank of self "
              + Shapes.str(x.shape())
              + (src == null ? "" : " and src " + Shapes.str(src.shape()))
              + " and no larger sizes (except self's at dim "
              + dim
              + ")");
    }
  }
}
