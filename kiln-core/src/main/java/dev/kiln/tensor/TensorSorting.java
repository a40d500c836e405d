package dev.kiln.tensor;

import dev.kiln.ops.HistogramOps;
import dev.kiln.ops.SelectionOps;
import dev.kiln.ops.SelectionScanOps;
import dev.kiln.ops.SortOps;

/**
 * Sorting and selection on a {@link Tensor}: sort, argsort, topk, kthvalue, median, mode, unique,
 * searchsorted, bucketize, histograms, running extremes and differences. NaN sorts as the largest
 * value, as in PyTorch; sorts are stable. Dims may be negative; ops without a dim work on the last.
 *
 * {@snippet :
 * Tensor x = Tensor.of(3f, 1f, 2f);
 * x.sort().values();                  // tensor([1., 2., 3.])
 * x.topk(2).indices();                // tensor([0, 2])
 * x.unique().counts();                // tensor([1, 1, 1])
 * Tensor.searchsorted(x.sort().values(), Tensor.of(2.5f)); // tensor([2])
 * }
 */
public abstract sealed class TensorSorting extends TensorShaping permits TensorLinalg {
  TensorSorting(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  // ---- sort, argsort, topk, kthvalue ----

  /** Sorts along the last dim, ascending: the values and the int64 positions they came from. */
  public final ValuesIndices sort() {
    return sort(-1, false);
  }

  /** Sorts along {@code dim}, ascending. */
  public final ValuesIndices sort(int dim) {
    return sort(dim, false);
  }

  /** Sorts along {@code dim}, largest first when {@code descending}; equal elements keep order. */
  public final ValuesIndices sort(int dim, boolean descending) {
    return SortOps.sort(self(), dim, descending);
  }

  /**
   * Sorts along {@code dim} (PyTorch's {@code stable} flag: Kiln's sort is always stable, which
   * satisfies both settings).
   */
  public final ValuesIndices sort(int dim, boolean descending, boolean stable) {
    return sort(dim, descending);
  }

  /** The int64 positions that sort the last dim ascending. */
  public final Tensor argsort() {
    return argsort(-1, false);
  }

  /** The int64 positions that sort {@code dim} ascending. */
  public final Tensor argsort(int dim) {
    return argsort(dim, false);
  }

  /** The int64 positions that sort {@code dim}, largest first when {@code descending}. */
  public final Tensor argsort(int dim, boolean descending) {
    return SortOps.argsort(self(), dim, descending);
  }

  /** As {@link #argsort(int, boolean)}; the sort is always stable. */
  public final Tensor argsort(int dim, boolean descending, boolean stable) {
    return argsort(dim, descending);
  }

  /** The {@code k} largest elements of the last dim, largest first, and their positions. */
  public final ValuesIndices topk(int k) {
    return topk(k, -1, true, true);
  }

  /** The {@code k} largest elements along {@code dim}, largest first, and their positions. */
  public final ValuesIndices topk(int k, int dim) {
    return topk(k, dim, true, true);
  }

  /**
   * The {@code k} largest (or, unless {@code largest}, smallest) elements along {@code dim} and
   * their int64 positions. Kiln always returns them sorted, which satisfies {@code sorted = false}.
   *
   * @throws IllegalArgumentException when k is negative or exceeds the dim's size
   */
  public final ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) {
    return SortOps.topk(self(), k, dim, largest);
  }

  /** The {@code k}-th smallest element (from 1) of the last dim and its position. */
  public final ValuesIndices kthvalue(int k) {
    return kthvalue(k, -1, false);
  }

  /** The {@code k}-th smallest element (from 1) along {@code dim} and its position. */
  public final ValuesIndices kthvalue(int k, int dim) {
    return kthvalue(k, dim, false);
  }

  /**
   * The {@code k}-th smallest element (from 1) along {@code dim} and its int64 position, keeping
   * dim with size 1 when {@code keepdim}.
   *
   * @throws IllegalArgumentException when k is outside {@code [1, size of dim]}
   */
  public final ValuesIndices kthvalue(int k, int dim, boolean keepdim) {
    return SortOps.kthvalue(self(), k, dim, keepdim);
  }

  // ---- median, mode ----

  /** The median of all elements (the lower middle value; NaN if any is NaN or none exist). */
  public final Tensor median() {
    return SortOps.median(self());
  }

  /** The median along {@code dim} and its int64 position. */
  public final ValuesIndices median(int dim) {
    return median(dim, false);
  }

  /**
   * The median along {@code dim} (the lower middle value; NaN where a lane holds NaN, with the
   * first NaN's position) and its int64 position.
   */
  public final ValuesIndices median(int dim, boolean keepdim) {
    return SortOps.median(self(), dim, keepdim);
  }

  /** The most frequent value of the last dim and the position of its last occurrence. */
  public final ValuesIndices mode() {
    return mode(-1, false);
  }

  /** The most frequent value along {@code dim} and the position of its last occurrence. */
  public final ValuesIndices mode(int dim) {
    return mode(dim, false);
  }

  /**
   * The most frequent value along {@code dim} (the smallest of those tied) and the int64 position
   * of its last occurrence, keeping dim with size 1 when {@code keepdim}.
   */
  public final ValuesIndices mode(int dim, boolean keepdim) {
    return SortOps.mode(self(), dim, keepdim);
  }

  // ---- unique ----

  /** The sorted distinct elements, each element's position among them, and each value's count. */
  public final UniqueValues unique() {
    return unique(true);
  }

  /**
   * The distinct elements (ascending when {@code sorted}, else in order of first occurrence), with
   * the inverse positions (this tensor's shape) and counts.
   */
  public final UniqueValues unique(boolean sorted) {
    return SelectionOps.unique(self(), sorted);
  }

  /** Each run of equal consecutive elements collapsed to one value, with inverse and counts. */
  public final UniqueValues uniqueConsecutive() {
    return SelectionOps.uniqueConsecutive(self());
  }

  // ---- searchsorted, bucketize ----

  /** Where each of {@code values} goes in {@code sorted}'s last dim: the first such position. */
  public static Tensor searchsorted(Tensor sorted, Tensor values) {
    return searchsorted(sorted, values, false, false, null);
  }

  /** Where each of {@code values} goes in {@code sorted}: the last such position when right. */
  public static Tensor searchsorted(Tensor sorted, Tensor values, boolean right) {
    return searchsorted(sorted, values, false, right, null);
  }

  /**
   * Where each of {@code values} goes in {@code sorted}'s last dim; {@code side} is {@code "left"}
   * (the first position) or {@code "right"} (the last); {@code sorter} (may be null) gives the
   * order in which to read an unsorted sequence.
   *
   * @throws IllegalArgumentException for another side
   */
  public static Tensor searchsorted(Tensor sorted, Tensor values, String side, Tensor sorter) {
    if (!side.equals("left") && !side.equals("right")) {
      throw new IllegalArgumentException(
          "searchsorted: side must be \"left\" or \"right\", got \"" + side + "\"");
    }
    return searchsorted(sorted, values, false, side.equals("right"), sorter);
  }

  /**
   * Where each of {@code values} goes in the last dim of {@code sorted} (1-D, or with the values'
   * leading dims), as int64 or, with {@code outInt32}, int32. {@code sorter} may be null.
   *
   * @throws IllegalArgumentException when the shapes do not match
   */
  public static Tensor searchsorted(
      Tensor sorted, Tensor values, boolean outInt32, boolean right, Tensor sorter) {
    return SelectionOps.searchsorted(sorted, values, outInt32, right, sorter);
  }

  /** The bucket of each element of {@code x} among the 1-D ascending {@code boundaries}. */
  public static Tensor bucketize(Tensor x, Tensor boundaries) {
    return bucketize(x, boundaries, false, false);
  }

  /**
   * The bucket of each element of {@code x} among the 1-D ascending {@code boundaries} (with {@code
   * right}, a value equal to a boundary goes to the bucket after it), int64 or int32.
   */
  public static Tensor bucketize(Tensor x, Tensor boundaries, boolean outInt32, boolean right) {
    return SelectionOps.bucketize(x, boundaries, outInt32, right);
  }

  // ---- histograms ----

  /** A 100-bin histogram over the data's range. */
  public final Tensor histc() {
    return histc(100, 0, 0);
  }

  /** A histogram with {@code bins} equal bins over the data's range. */
  public final Tensor histc(int bins) {
    return histc(bins, 0, 0);
  }

  /**
   * A histogram with {@code bins} equal bins over {@code [min, max]} (the data's range when min ==
   * max); elements outside are ignored. Floating tensors only.
   */
  public final Tensor histc(int bins, double min, double max) {
    return HistogramOps.histc(self(), bins, min, max);
  }

  /** How often each non-negative integer occurs in this 1-D tensor (int64). */
  public final Tensor bincount() {
    return bincount(null, 0);
  }

  /** The summed {@code weights} per non-negative integer of this 1-D tensor. */
  public final Tensor bincount(Tensor weights) {
    return bincount(weights, 0);
  }

  /**
   * Counts (or summed {@code weights}, which may be null) per non-negative integer of this 1-D
   * tensor, with at least {@code minlength} bins.
   *
   * @throws IllegalArgumentException for negative values or non-integer input
   */
  public final Tensor bincount(Tensor weights, int minlength) {
    return HistogramOps.bincount(self(), weights, minlength);
  }

  // ---- running extremes, differences ----

  /** The running maximum along {@code dim} and its int64 position (the later one on ties). */
  public final ValuesIndices cummax(int dim) {
    return SelectionScanOps.cummax(self(), dim);
  }

  /** The running minimum along {@code dim} and its int64 position (the later one on ties). */
  public final ValuesIndices cummin(int dim) {
    return SelectionScanOps.cummin(self(), dim);
  }

  /** The first forward difference along the last dim. */
  public final Tensor diff() {
    return diff(1, -1, null, null);
  }

  /** The {@code n}-th forward difference along {@code dim}. */
  public final Tensor diff(int n, int dim) {
    return diff(n, dim, null, null);
  }

  /**
   * The {@code n}-th forward difference along {@code dim} of this tensor with {@code prepend} and
   * {@code append} (either may be null) joined before and after it.
   */
  public final Tensor diff(int n, int dim, Tensor prepend, Tensor append) {
    return SelectionScanOps.diff(self(), n, dim, prepend, append);
  }
}
