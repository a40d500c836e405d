package dev.kiln.tensor;

import dev.kiln.ops.Index;
import dev.kiln.ops.IndexAdvancedOps;
import dev.kiln.ops.IndexOps;
import dev.kiln.ops.IndexOps.ScatterReduce;
import dev.kiln.ops.JoinOps;
import dev.kiln.ops.JoinRepeatOps;
import dev.kiln.ops.PadOps;
import dev.kiln.ops.PadOps.PadMode;

/**
 * Indexing, joining and reshaping data of a {@link Tensor}: PyTorch's {@code x[...]}, gather and
 * scatter, masks, cat/stack/split, repeat, flip, roll and pad. The joins are static and called as
 * {@code Tensor.cat(...)}.
 *
 * {@snippet :
 * Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
 * Tensor.cat(1, x, x);                             // shape [2, 6]
 * x.index(Index.all(), Index.tensor(Tensor.of(2L, 0L)));   // tensor([[3., 1.], [6., 4.]])
 * x.maskedFill(x.gt(3), 0);                        // tensor([[1., 2., 3.], [0., 0., 0.]])
 * x.pad(1, 1);                                      // shape [2, 5], zeros at both ends of each row
 * }
 */
public abstract sealed class TensorShaping extends TensorReductions permits TensorSorting {
  TensorShaping(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  // ---- indexing ----

  /** {@code x[indices...]} (see {@link Index}): a view for basic indices, else a copy. */
  public final Tensor index(Index... indices) {
    return IndexAdvancedOps.index(self(), indices);
  }

  /** {@code x[t0, t1, ...]} with int64 or bool index tensors over the leading dims. */
  public final Tensor index(Tensor... indices) {
    return index(asIndices(indices));
  }

  /** A copy with {@code values} written (or added when {@code accumulate}) at {@code x[...]}. */
  public final Tensor indexPut(Index[] indices, Tensor values, boolean accumulate) {
    return IndexAdvancedOps.indexPut(self(), indices, values, accumulate);
  }

  /** {@code x[t0, t1, ...] = values} (or {@code +=} when {@code accumulate}) on a copy. */
  public final Tensor indexPut(Tensor[] indices, Tensor values, boolean accumulate) {
    return indexPut(asIndices(indices), values, accumulate);
  }

  /** {@code x[...] = values} (or {@code +=}), in place; returns this. */
  public final Tensor indexPut_(Index[] indices, Tensor values, boolean accumulate) {
    return IndexAdvancedOps.indexPut_(self(), indices, values, accumulate);
  }

  private static Index[] asIndices(Tensor[] ts) {
    Index[] out = new Index[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = Index.tensor(ts[i]);
    }
    return out;
  }

  /** The entries at positions {@code index} (1-D, int64 or int32) along {@code dim}. */
  public final Tensor indexSelect(int dim, Tensor index) {
    return IndexOps.indexSelect(self(), dim, index);
  }

  /** {@code out[i][j] = x[i][index[i][j]]} for {@code dim = 1}; index is int64 of x's rank. */
  public final Tensor gather(int dim, Tensor index) {
    return IndexOps.gather(self(), dim, index);
  }

  /** A copy with {@code src} written at {@code index} along {@code dim} (reverse of gather). */
  public final Tensor scatter(int dim, Tensor index, Tensor src) {
    return IndexOps.scatter(self(), dim, index, src);
  }

  /** A copy with {@code value} written at {@code index} along {@code dim}. */
  public final Tensor scatter(int dim, Tensor index, double value) {
    return IndexOps.scatter(self(), dim, index, value);
  }

  /**
   * A copy with {@code src} combined in at {@code index} by {@code reduce} (x's values included).
   */
  public final Tensor scatter(int dim, Tensor index, Tensor src, ScatterReduce reduce) {
    return IndexOps.scatter(self(), dim, index, src, reduce, true);
  }

  /** {@code torch.scatter_reduce}, optionally leaving x's values out of the reduction. */
  public final Tensor scatter(
      int dim, Tensor index, Tensor src, ScatterReduce reduce, boolean includeSelf) {
    return IndexOps.scatter(self(), dim, index, src, reduce, includeSelf);
  }

  /** {@link #scatter(int, Tensor, Tensor)} in place; returns this. */
  public final Tensor scatter_(int dim, Tensor index, Tensor src) {
    return IndexOps.scatter_(self(), dim, index, src, null, true);
  }

  /** A copy with {@code src} added at {@code index} along {@code dim}. */
  public final Tensor scatterAdd(int dim, Tensor index, Tensor src) {
    return IndexOps.scatterAdd(self(), dim, index, src);
  }

  /** {@link #scatterAdd} in place; returns this. */
  public final Tensor scatterAdd_(int dim, Tensor index, Tensor src) {
    return IndexOps.scatterAdd_(self(), dim, index, src);
  }

  /** A copy with {@code src} slices added at positions {@code index} along {@code dim}. */
  public final Tensor indexAdd(int dim, Tensor index, Tensor src) {
    return IndexOps.indexAdd(self(), dim, index, src, 1);
  }

  /** A copy with {@code alpha * src} slices added at positions {@code index} along {@code dim}. */
  public final Tensor indexAdd(int dim, Tensor index, Tensor src, double alpha) {
    return IndexOps.indexAdd(self(), dim, index, src, alpha);
  }

  /** {@link #indexAdd(int, Tensor, Tensor, double)} in place; returns this. */
  public final Tensor indexAdd_(int dim, Tensor index, Tensor src, double alpha) {
    return IndexOps.indexAdd_(self(), dim, index, src, alpha);
  }

  /** A copy with the slices at positions {@code index} along {@code dim} replaced by src's. */
  public final Tensor indexCopy(int dim, Tensor index, Tensor src) {
    return IndexOps.indexCopy(self(), dim, index, src);
  }

  /** {@link #indexCopy} in place; returns this. */
  public final Tensor indexCopy_(int dim, Tensor index, Tensor src) {
    return IndexOps.indexCopy_(self(), dim, index, src);
  }

  /** A copy with the slices at positions {@code index} along {@code dim} set to {@code value}. */
  public final Tensor indexFill(int dim, Tensor index, double value) {
    return IndexOps.indexFill(self(), dim, index, value);
  }

  /** {@link #indexFill} in place; returns this. */
  public final Tensor indexFill_(int dim, Tensor index, double value) {
    return IndexOps.indexFill_(self(), dim, index, value);
  }

  /** A copy with {@code value} where {@code mask} (bool, broadcast to x) is true. */
  public final Tensor maskedFill(Tensor mask, double value) {
    return IndexAdvancedOps.maskedFill(self(), mask, value);
  }

  /** A copy with {@code value} (0-dim) where {@code mask} is true. */
  public final Tensor maskedFill(Tensor mask, Tensor value) {
    return IndexAdvancedOps.maskedFill(self(), mask, value);
  }

  /** {@link #maskedFill(Tensor, double)} in place; returns this. */
  public final Tensor maskedFill_(Tensor mask, double value) {
    return IndexAdvancedOps.maskedFill_(self(), mask, value);
  }

  /** The elements where {@code mask} is true, 1-D. */
  public final Tensor maskedSelect(Tensor mask) {
    return IndexAdvancedOps.maskedSelect(self(), mask);
  }

  /** A copy whose masked positions take source's leading elements in order. */
  public final Tensor maskedScatter(Tensor mask, Tensor source) {
    return IndexAdvancedOps.maskedScatter(self(), mask, source);
  }

  /** Elements of the flattened x at int64 {@code index} (negatives count from the end). */
  public final Tensor take(Tensor index) {
    return IndexOps.take(self(), index);
  }

  /** gather after broadcasting x and index off {@code dim}. */
  public final Tensor takeAlongDim(Tensor index, int dim) {
    return IndexOps.takeAlongDim(self(), index, dim);
  }

  /** gather on the flattened x and index. */
  public final Tensor takeAlongDim(Tensor index) {
    return IndexOps.takeAlongDim(self(), index);
  }

  /** int64 {@code [n, dim]} coordinates of the non-zero elements. */
  public final Tensor nonzero() {
    return IndexAdvancedOps.nonzero(self());
  }

  /** The non-zero coordinates as one 1-D int64 tensor per dim. */
  public final Tensor[] nonzeroTuple() {
    return IndexAdvancedOps.nonzeroTuple(self());
  }

  /** Same as {@link #nonzero()}. */
  public final Tensor argwhere() {
    return IndexAdvancedOps.argwhere(self());
  }

  /** int64 one-hot encoding of int64 class values with {@code numClasses} (-1: max + 1). */
  public final Tensor oneHot(int numClasses) {
    return IndexOps.oneHot(self(), numClasses);
  }

  /** Rows of {@code weight} at {@code indices}: shape {@code indices.shape + [weight.size(1)]}. */
  public static Tensor embedding(Tensor indices, Tensor weight) {
    return IndexOps.embedding(indices, weight);
  }

  // ---- joining ----

  /** Concatenation along dim 0. */
  public static Tensor cat(Tensor... ts) {
    return JoinOps.cat(0, ts);
  }

  /** Concatenation along {@code dim}; shapes must match off that dim. */
  public static Tensor cat(int dim, Tensor... ts) {
    return JoinOps.cat(dim, ts);
  }

  /** Equal-shaped tensors joined along a new dim 0. */
  public static Tensor stack(Tensor... ts) {
    return JoinOps.stack(0, ts);
  }

  /** Equal-shaped tensors joined along a new dim {@code dim}. */
  public static Tensor stack(int dim, Tensor... ts) {
    return JoinOps.stack(dim, ts);
  }

  /** Column-wise concatenation (dim 1, or 0 for 1-D tensors). */
  public static Tensor hstack(Tensor... ts) {
    return JoinOps.hstack(ts);
  }

  /** Row-wise concatenation (1-D tensors become rows). */
  public static Tensor vstack(Tensor... ts) {
    return JoinOps.vstack(ts);
  }

  /** Coordinate grids with {@code "ij"} indexing. */
  public static Tensor[] meshgrid(Tensor... ts) {
    return JoinOps.meshgrid("ij", ts);
  }

  /** Coordinate grids with {@code "ij"} or {@code "xy"} indexing. */
  public static Tensor[] meshgrid(String indexing, Tensor... ts) {
    return JoinOps.meshgrid(indexing, ts);
  }

  /** The tensors broadcast to their common shape (views). */
  public static Tensor[] broadcastTensors(Tensor... ts) {
    return JoinOps.broadcastTensors(ts);
  }

  /** Every combination of elements of 1-D tensors, one per row. */
  public static Tensor cartesianProd(Tensor... ts) {
    return JoinOps.cartesianProd(ts);
  }

  /** int64 {@code [2, n]} coordinates of the upper triangle of a rows x cols matrix. */
  public static Tensor triuIndices(int rows, int cols, int offset) {
    return JoinOps.triuIndices(rows, cols, offset);
  }

  /** int64 {@code [2, n]} coordinates of the lower triangle of a rows x cols matrix. */
  public static Tensor trilIndices(int rows, int cols, int offset) {
    return JoinOps.trilIndices(rows, cols, offset);
  }

  /** int64 positions {@code i} repeated {@code repeats[i]} times. */
  public static Tensor repeatInterleave(Tensor repeats) {
    return JoinRepeatOps.repeatInterleave(repeats);
  }

  // ---- splitting ----

  /** Views of {@code splitSize} along dim 0 (the last may be smaller). */
  public final Tensor[] split(int splitSize) {
    return JoinOps.split(self(), splitSize, 0);
  }

  /** Views of {@code splitSize} along {@code dim}. */
  public final Tensor[] split(int splitSize, int dim) {
    return JoinOps.split(self(), splitSize, dim);
  }

  /** Views of the given sizes along {@code dim}. */
  public final Tensor[] split(int[] sizes, int dim) {
    return JoinOps.split(self(), sizes, dim);
  }

  /** At most {@code chunks} equal views along dim 0. */
  public final Tensor[] chunk(int chunks) {
    return JoinOps.chunk(self(), chunks, 0);
  }

  /** At most {@code chunks} equal views along {@code dim}. */
  public final Tensor[] chunk(int chunks, int dim) {
    return JoinOps.chunk(self(), chunks, dim);
  }

  /** {@code sections} near-equal views along {@code dim}. */
  public final Tensor[] tensorSplit(int sections, int dim) {
    return JoinOps.tensorSplit(self(), sections, dim);
  }

  /** Views split before each of {@code indices} along {@code dim}. */
  public final Tensor[] tensorSplit(int[] indices, int dim) {
    return JoinOps.tensorSplit(self(), indices, dim);
  }

  /** The slices along dim 0. */
  public final Tensor[] unbind() {
    return JoinOps.unbind(self(), 0);
  }

  /** The slices along {@code dim}. */
  public final Tensor[] unbind(int dim) {
    return JoinOps.unbind(self(), dim);
  }

  // ---- repeating and reordering ----

  /** Tiled {@code repeats[d]} times along each dim (at least x's rank entries). */
  public final Tensor repeat(int... repeats) {
    return JoinRepeatOps.repeat(self(), repeats);
  }

  /** Like {@link #repeat} with short {@code reps} padded by leading ones. */
  public final Tensor tile(int... reps) {
    return JoinRepeatOps.tile(self(), reps);
  }

  /** Each element of the flattened x repeated {@code repeats} times. */
  public final Tensor repeatInterleave(int repeats) {
    return JoinRepeatOps.repeatInterleave(self(), repeats);
  }

  /** Each slice along {@code dim} repeated {@code repeats} times. */
  public final Tensor repeatInterleave(int repeats, int dim) {
    return JoinRepeatOps.repeatInterleave(self(), repeats, dim);
  }

  /** Slice {@code i} along {@code dim} repeated {@code repeats[i]} times. */
  public final Tensor repeatInterleave(Tensor repeats, int dim) {
    return JoinRepeatOps.repeatInterleave(self(), repeats, dim);
  }

  /** Reversed along each of {@code dims}. */
  public final Tensor flip(int... dims) {
    return JoinRepeatOps.flip(self(), dims);
  }

  /** The flattened elements shifted by {@code shift} (wrapping), shape kept. */
  public final Tensor roll(int shift) {
    return JoinRepeatOps.roll(self(), new int[] {shift}, new int[0]);
  }

  /** Shifted by {@code shift} along {@code dim}, wrapping around. */
  public final Tensor roll(int shift, int dim) {
    return JoinRepeatOps.roll(self(), new int[] {shift}, new int[] {dim});
  }

  /** Shifted by {@code shifts[k]} along {@code dims[k]}. */
  public final Tensor roll(int[] shifts, int[] dims) {
    return JoinRepeatOps.roll(self(), shifts, dims);
  }

  /** Rotated 90 degrees in the plane of the first two dims. */
  public final Tensor rot90() {
    return rot90(1, 0, 1);
  }

  /** Rotated 90 degrees {@code k} times from {@code dim0} towards {@code dim1}. */
  public final Tensor rot90(int k, int dim0, int dim1) {
    return JoinRepeatOps.rot90(self(), k, new int[] {dim0, dim1});
  }

  /** Zero padding: {@code pad} lists (before, after) pairs from the last dim backwards. */
  public final Tensor pad(int... pad) {
    return PadOps.pad(self(), pad);
  }

  /** Padding in {@code mode}; {@code value} fills for {@link PadMode#CONSTANT}. */
  public final Tensor pad(int[] pad, PadMode mode, double value) {
    return PadOps.pad(self(), pad, mode, value);
  }
}
