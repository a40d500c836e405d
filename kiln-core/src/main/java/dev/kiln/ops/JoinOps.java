package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Node;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joining and splitting: cat, stack, hstack, vstack, split, chunk, tensorSplit, unbind, meshgrid,
 * broadcastTensors, cartesianProd, triuIndices and trilIndices. Joins copy into a new tensor;
 * splits, unbind, meshgrid and broadcastTensors return views.
 */
public final class JoinOps {
  private JoinOps() {}

  public static final CompositeOp CAT = new CompositeOp("cat");
  public static final CompositeOp STACK = new CompositeOp("stack");
  public static final CompositeOp HSTACK = new CompositeOp("hstack");
  public static final CompositeOp VSTACK = new CompositeOp("vstack");
  public static final CompositeOp SPLIT = new CompositeOp("split");
  public static final CompositeOp CHUNK = new CompositeOp("chunk");
  public static final CompositeOp TENSOR_SPLIT = new CompositeOp("tensorSplit");
  public static final CompositeOp UNBIND = new CompositeOp("unbind");
  public static final CompositeOp MESHGRID = new CompositeOp("meshgrid");
  public static final CompositeOp BROADCAST_TENSORS = new CompositeOp("broadcastTensors");
  public static final CompositeOp CARTESIAN_PROD = new CompositeOp("cartesianProd");
  public static final CompositeOp TRIU_INDICES = new CompositeOp("triuIndices", false);
  public static final CompositeOp TRIL_INDICES = new CompositeOp("trilIndices", false);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(
          CAT,
          STACK,
          HSTACK,
          VSTACK,
          SPLIT,
          CHUNK,
          TENSOR_SPLIT,
          UNBIND,
          MESHGRID,
          BROADCAST_TENSORS,
          CARTESIAN_PROD,
          TRIU_INDICES,
          TRIL_INDICES);

  /**
   * Concatenates along {@code dim}: every tensor has the same shape off that dim; the dtype is the
   * promoted one. 1-D empty tensors (shape {@code [0]}) are skipped, as in PyTorch.
   */
  public static Tensor cat(int dim, Tensor... ts) {
    return cat(CAT.name(), dim, ts);
  }

  private static Tensor cat(String op, int dim, Tensor... ts) {
    if (ts.length == 0) {
      throw new IllegalArgumentException(op + ": expected a non-empty list of tensors");
    }
    List<Tensor> parts = new ArrayList<>();
    int ref = -1;
    for (int i = 0; i < ts.length; i++) {
      Tensor t = ts[i];
      if (t.dim() == 0) {
        throw new IllegalArgumentException(
            op + ": zero-dimensional tensor (at position " + i + ") cannot be concatenated");
      }
      if (t.dim() == 1 && t.size(0) == 0) {
        continue;
      }
      if (ref < 0) {
        ref = i;
      }
      checkCatShape(op, Shapes.normalizeDim(op, dim, ts[ref].dim()), ref, ts[ref], i, t);
      parts.add(t);
    }
    DType dtype = TypePromotion.resultType(ts);
    if (parts.isEmpty()) {
      return Tensor.empty(dtype, 0);
    }
    int d = Shapes.normalizeDim(op, dim, ts[ref].dim());
    int[] shape = ts[ref].shape();
    shape[d] = parts.stream().mapToInt(t -> t.size(d)).sum();
    Tensor out = Tensor.empty(dtype, shape);
    Tensor[] inputs = parts.toArray(new Tensor[0]);
    boolean recording = Autograd.isRecording(inputs);
    int off = 0;
    try (var scope = recording ? Autograd.noGrad() : null) {
      for (Tensor t : parts) {
        out.narrow(d, off, t.size(d)).copy_(t);
        off += t.size(d);
      }
    }
    // recorded as one node (rather than one copy_ per part): each part's gradient is its slice
    return recording ? Autograd.record(op, out, (n, g) -> catGrad(g, n, d), inputs) : out;
  }

  /** cat: each input's gradient is its slice of g along the cat dim. */
  private static Tensor[] catGrad(Tensor g, Node n, int d) {
    Tensor[] grads = new Tensor[n.inputCount()];
    int off = 0;
    for (int i = 0; i < grads.length; i++) {
      int size = n.inputShape(i)[d];
      grads[i] = n.needsGrad(i) ? g.narrow(d, off, size) : null;
      off += size;
    }
    return grads;
  }

  private static void checkCatShape(String op, int d, int ref, Tensor first, int i, Tensor t) {
    boolean ok = t.dim() == first.dim();
    int bad = -1;
    for (int k = 0; ok && k < t.dim(); k++) {
      if (k != d && t.size(k) != first.size(k)) {
        ok = false;
        bad = k;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          op
              + ": sizes of tensors must match except in dimension "
              + d
              + ": tensor "
              + ref
              + " has shape "
              + Shapes.str(first.shape())
              + " but tensor "
              + i
              + " has shape "
              + Shapes.str(t.shape())
              + (bad >= 0
                  ? " (size "
                      + first.size(bad)
                      + " vs "
                      + t.size(bad)
                      + " at dimension "
                      + bad
                      + ")"
                  : " (different ranks)"));
    }
  }

  /** Joins equal-shaped tensors along a new dim {@code dim} (in {@code [-rank-1, rank]}). */
  public static Tensor stack(int dim, Tensor... ts) {
    String op = STACK.name();
    if (ts.length == 0) {
      throw new IllegalArgumentException(op + ": expected a non-empty list of tensors");
    }
    int d = Shapes.normalizeDim(op, dim, ts[0].dim() + 1);
    Tensor[] parts = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      if (!Arrays.equals(ts[i].shape(), ts[0].shape())) {
        throw new IllegalArgumentException(
            op
                + ": expects each tensor to be equal size, but got "
                + Shapes.str(ts[0].shape())
                + " at entry 0 and "
                + Shapes.str(ts[i].shape())
                + " at entry "
                + i);
      }
      parts[i] = ts[i].unsqueeze(d);
    }
    return cat(op, d, parts);
  }

  /** Concatenates along dim 0 for 1-D (and 0-dim) tensors, dim 1 otherwise. */
  public static Tensor hstack(Tensor... ts) {
    Tensor[] parts = new Tensor[ts.length];
    boolean allOneDim = true;
    for (int i = 0; i < ts.length; i++) {
      parts[i] = ts[i].dim() == 0 ? ts[i].reshape(1) : ts[i];
      allOneDim &= parts[i].dim() == 1;
    }
    return cat(HSTACK.name(), allOneDim ? 0 : 1, parts);
  }

  /** Concatenates along dim 0 after viewing 0-dim and 1-D tensors as rows ({@code [1, n]}). */
  public static Tensor vstack(Tensor... ts) {
    Tensor[] parts = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      parts[i] = ts[i].dim() < 2 ? ts[i].reshape(1, -1) : ts[i];
    }
    return cat(VSTACK.name(), 0, parts);
  }

  /** Views of consecutive pieces of {@code splitSize} along dim (the last may be smaller). */
  public static Tensor[] split(Tensor x, int splitSize, int dim) {
    String op = SPLIT.name();
    int d = dimOf(op, x, dim);
    int n = x.size(d);
    if (splitSize < 0 || (splitSize == 0 && n != 0)) {
      throw new IllegalArgumentException(
          op
              + ": split size must be positive for dim "
              + d
              + " of size "
              + n
              + ", got "
              + splitSize);
    }
    int pieces = n == 0 ? 1 : (n + splitSize - 1) / splitSize;
    Tensor[] out = new Tensor[pieces];
    for (int i = 0; i < pieces; i++) {
      int start = i * splitSize;
      out[i] = x.narrow(d, start, Math.min(splitSize, n - start));
    }
    return out;
  }

  /** Views of consecutive pieces with the given sizes along dim, which must sum to its size. */
  public static Tensor[] split(Tensor x, int[] sizes, int dim) {
    String op = SPLIT.name();
    int d = dimOf(op, x, dim);
    long sum = 0;
    for (int s : sizes) {
      sum += s;
    }
    if (sum != x.size(d) || Arrays.stream(sizes).anyMatch(s -> s < 0)) {
      throw new IllegalArgumentException(
          op
              + ": split sizes "
              + Arrays.toString(sizes)
              + " must be non-negative and sum to "
              + x.size(d)
              + " (dim "
              + d
              + " of shape "
              + Shapes.str(x.shape())
              + ")");
    }
    Tensor[] out = new Tensor[sizes.length];
    int start = 0;
    for (int i = 0; i < sizes.length; i++) {
      out[i] = x.narrow(d, start, sizes[i]);
      start += sizes[i];
    }
    return out;
  }

  /** At most {@code chunks} views of equal size {@code ceil(n / chunks)} along dim. */
  public static Tensor[] chunk(Tensor x, int chunks, int dim) {
    String op = CHUNK.name();
    if (chunks <= 0) {
      throw new IllegalArgumentException(op + ": number of chunks must be positive, got " + chunks);
    }
    int d = dimOf(op, x, dim);
    int n = x.size(d);
    if (n == 0) {
      Tensor[] out = new Tensor[chunks];
      Arrays.fill(out, x.narrow(d, 0, 0));
      return out;
    }
    return split(x, (n + chunks - 1) / chunks, d);
  }

  /**
   * {@code sections} views along dim whose sizes differ by at most one (the first {@code n %
   * sections} are one larger).
   */
  public static Tensor[] tensorSplit(Tensor x, int sections, int dim) {
    String op = TENSOR_SPLIT.name();
    if (sections <= 0) {
      throw new IllegalArgumentException(
          op + ": number of sections must be positive, got " + sections);
    }
    int d = dimOf(op, x, dim);
    int n = x.size(d);
    int[] sizes = new int[sections];
    for (int i = 0; i < sections; i++) {
      sizes[i] = n / sections + (i < n % sections ? 1 : 0);
    }
    return split(x, sizes, d);
  }

  /** Views split before each of {@code indices} along dim (indices are clamped to the dim). */
  public static Tensor[] tensorSplit(Tensor x, int[] indices, int dim) {
    int d = dimOf(TENSOR_SPLIT.name(), x, dim);
    int n = x.size(d);
    Tensor[] out = new Tensor[indices.length + 1];
    int start = 0;
    for (int i = 0; i <= indices.length; i++) {
      int stop = i < indices.length ? Math.min(Math.max(indices[i], 0), n) : n;
      out[i] = x.narrow(d, start, Math.max(stop - start, 0));
      start = stop;
    }
    return out;
  }

  /** The slices along {@code dim}, which is removed (views). */
  public static Tensor[] unbind(Tensor x, int dim) {
    int d = dimOf(UNBIND.name(), x, dim);
    Tensor[] out = new Tensor[x.size(d)];
    for (int i = 0; i < out.length; i++) {
      out[i] = x.select(d, i);
    }
    return out;
  }

  private static int dimOf(String op, Tensor x, int dim) {
    if (x.dim() == 0) {
      throw new IllegalArgumentException(op + ": cannot be applied to a 0-dim tensor");
    }
    return Shapes.normalizeDim(op, dim, x.dim());
  }

  /**
   * Coordinate grids from 0-D or 1-D tensors (broadcast views). {@code indexing} is {@code "ij"}
   * (matrix: output dim i follows input i) or {@code "xy"} (Cartesian: the first two swapped).
   */
  public static Tensor[] meshgrid(String indexing, Tensor... ts) {
    String op = MESHGRID.name();
    if (!indexing.equals("ij") && !indexing.equals("xy")) {
      throw new IllegalArgumentException(
          op + ": indexing must be \"ij\" or \"xy\", got \"" + indexing + "\"");
    }
    boolean xy = indexing.equals("xy");
    int n = ts.length;
    int[] shape = new int[n];
    for (int i = 0; i < n; i++) {
      if (ts[i].dim() > 1) {
        throw new IllegalArgumentException(
            op
                + ": expects 0-D or 1-D tensors, got shape "
                + Shapes.str(ts[i].shape())
                + " at "
                + i);
      }
      if (ts[i].dtype() != ts[0].dtype()) {
        throw new IllegalArgumentException(
            op
                + ": expects all tensors to have the same dtype, got "
                + ts[0].dtype()
                + " at 0 and "
                + ts[i].dtype()
                + " at "
                + i);
      }
      shape[i] = ts[i].numel();
    }
    boolean swap = xy && n >= 2;
    if (swap) {
      int s = shape[0];
      shape[0] = shape[1];
      shape[1] = s;
    }
    Tensor[] out = new Tensor[n];
    for (int i = 0; i < n; i++) {
      int at = swap && i < 2 ? 1 - i : i;
      int[] view = IndexOps.ones(n);
      view[at] = shape[at];
      out[i] = ts[i].reshape(view).expand(shape);
    }
    return out;
  }

  /** Views of the tensors broadcast to their common shape. */
  public static Tensor[] broadcastTensors(Tensor... ts) {
    int[][] shapes = Arrays.stream(ts).map(Tensor::shape).toArray(int[][]::new);
    int[] shape = Shapes.broadcast(BROADCAST_TENSORS.name(), shapes);
    return Arrays.stream(ts).map(t -> t.expand(shape)).toArray(Tensor[]::new);
  }

  /** Every combination of the elements of 1-D tensors, one per row: {@code [prod n_i, k]}. */
  public static Tensor cartesianProd(Tensor... ts) {
    for (Tensor t : ts) {
      if (t.dim() != 1) {
        throw new IllegalArgumentException(
            CARTESIAN_PROD.name() + ": expects 1-D tensors, got shape " + Shapes.str(t.shape()));
      }
    }
    if (ts.length == 1) {
      return ts[0].clone();
    }
    Tensor[] grids = meshgrid("ij", ts);
    for (int i = 0; i < grids.length; i++) {
      grids[i] = grids[i].reshape(-1);
    }
    return stack(1, grids);
  }

  /**
   * int64 {@code [2, n]} coordinates of the upper triangle (column - row &gt;= offset) of a {@code
   * rows x cols} matrix, row by row.
   */
  public static Tensor triuIndices(int rows, int cols, int offset) {
    return triangle(TRIU_INDICES.name(), rows, cols, offset, true);
  }

  /** int64 {@code [2, n]} coordinates of the lower triangle (column - row &lt;= offset). */
  public static Tensor trilIndices(int rows, int cols, int offset) {
    return triangle(TRIL_INDICES.name(), rows, cols, offset, false);
  }

  private static Tensor triangle(String op, int rows, int cols, int offset, boolean upper) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          op + ": rows and cols must be non-negative, got " + rows + " and " + cols);
    }
    List<long[]> found = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        if (upper ? c - r >= offset : c - r <= offset) {
          found.add(new long[] {r, c});
        }
      }
    }
    long[] data = new long[2 * found.size()];
    for (int i = 0; i < found.size(); i++) {
      data[i] = found.get(i)[0];
      data[found.size() + i] = found.get(i)[1];
    }
    return Tensor.of(data).view(2, found.size());
  }
}
