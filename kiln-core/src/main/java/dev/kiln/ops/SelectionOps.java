package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.UniqueValues;
import dev.kiln.tensor.ValuesIndices;
import java.util.Arrays;
import java.util.List;

/**
 * Selecting by value: unique, uniqueConsecutive, searchsorted and bucketize. Each works on a
 * contiguous flat copy of its input; values compare as {@code double} when either side is floating
 * and as {@code long} otherwise. None is differentiable (PyTorch defines no derivative for unique
 * either): their results never require grad.
 */
public final class SelectionOps {
  private SelectionOps() {}

  public static final CompositeOp UNIQUE = new CompositeOp("unique", false);
  public static final CompositeOp UNIQUE_CONSECUTIVE = new CompositeOp("uniqueConsecutive", false);
  public static final PrimitiveOp SEARCHSORTED = new PrimitiveOp("searchsorted", false);
  public static final CompositeOp BUCKETIZE = new CompositeOp("bucketize", false);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(UNIQUE, UNIQUE_CONSECUTIVE, SEARCHSORTED, BUCKETIZE);

  /**
   * The distinct elements of {@code x} (flattened), with each element's position among them and
   * each value's count. When {@code sorted} the values ascend; otherwise they come in the order of
   * their first occurrence. NaN equals nothing, so each NaN is its own value.
   */
  public static UniqueValues unique(Tensor x, boolean sorted) {
    Tensor flat = x.reshape(x.numel());
    ValuesIndices s = SortOps.sortAlong(UNIQUE.name(), flat, 0, false);
    UniqueValues u = runs(x, s.values(), s.indices().toLongArray());
    return sorted ? u : firstOccurrenceOrder(x, u);
  }

  /**
   * Collapses each run of equal consecutive elements of {@code x} (flattened) to one value, with
   * each element's run number and each run's length.
   */
  public static UniqueValues uniqueConsecutive(Tensor x) {
    long[] order = new long[x.numel()];
    Arrays.setAll(order, i -> i);
    return runs(x, x.reshape(x.numel()), order);
  }

  /**
   * For each of {@code values}, where it would be inserted into the last dim of {@code sorted} to
   * keep it ordered: the first such position, or with {@code right} the last. {@code sorted} is 1-D
   * (shared by all values) or has the values' leading dims. With a {@code sorter} (int64, same
   * shape as {@code sorted}, may be null), {@code sorted} is read in the order it gives. A NaN
   * value goes after everything.
   *
   * @throws IllegalArgumentException when the shapes do not match as described
   */
  public static Tensor searchsorted(
      Tensor sorted, Tensor values, boolean outInt32, boolean right, Tensor sorter) {
    String op = SEARCHSORTED.name();
    checkSearchShapes(op, sorted, values, sorter);
    int n = sorted.size(-1);
    boolean floating = sorted.dtype().isFloatingPoint() || values.dtype().isFloatingPoint();
    long[] order = sorter == null ? null : sorter.contiguous().toLongArray();
    for (int i = 0; order != null && i < order.length; i++) {
      if (order[i] < 0 || order[i] >= n) {
        throw new IllegalArgumentException(
            op + ": sorter index " + order[i] + " out of range [0, " + n + ") at position " + i);
      }
    }
    double[] sd = floating ? sorted.contiguous().toDoubleArray() : null;
    long[] sl = floating ? null : sorted.contiguous().toLongArray();
    double[] vd = floating ? values.contiguous().toDoubleArray() : null;
    long[] vl = floating ? null : values.contiguous().toLongArray();
    int count = values.numel();
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      int base = sorted.dim() == 1 ? 0 : (i / values.size(-1)) * n;
      int lo = 0;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        int at = base + (order == null ? mid : (int) order[base + mid]);
        boolean goRight =
            floating
                ? !(right ? sd[at] > vd[i] : sd[at] >= vd[i])
                : (right ? sl[at] <= vl[i] : sl[at] < vl[i]);
        if (goRight) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      out[i] = lo;
    }
    Tensor result = Tensor.of(out).reshape(values.shape());
    return outInt32 ? result.to(DType.INT32) : result;
  }

  /**
   * The bucket of each element of {@code x} among the 1-D ascending {@code boundaries}: with {@code
   * right} false, i such that {@code boundaries[i-1] < x <= boundaries[i]}; with right, {@code
   * boundaries[i-1] <= x < boundaries[i]}.
   *
   * @throws IllegalArgumentException when boundaries is not 1-D
   */
  public static Tensor bucketize(Tensor x, Tensor boundaries, boolean outInt32, boolean right) {
    if (boundaries.dim() != 1) {
      throw new IllegalArgumentException(
          BUCKETIZE.name()
              + ": expected 1-D boundaries, got shape "
              + Shapes.str(boundaries.shape()));
    }
    return searchsorted(boundaries, x, outInt32, right, null);
  }

  private static void checkSearchShapes(String op, Tensor sorted, Tensor values, Tensor sorter) {
    if (sorted.dim() == 0) {
      throw new IllegalArgumentException(
          op + ": expected the sorted sequence to have at least one dim, got a 0-dim tensor");
    }
    if (sorted.dim() > 1) {
      int[] s = sorted.shape();
      int[] v = values.shape();
      boolean match = s.length == v.length;
      for (int d = 0; match && d < s.length - 1; d++) {
        match = s[d] == v[d];
      }
      if (!match) {
        throw new IllegalArgumentException(
            op
                + ": the sorted sequence must be 1-D or have the same leading dims as the values,"
                + " got sorted sequence shape "
                + Shapes.str(s)
                + " and values shape "
                + Shapes.str(v));
      }
    }
    if (sorter != null
        && (sorter.dtype() != DType.INT64 || !Arrays.equals(sorter.shape(), sorted.shape()))) {
      throw new IllegalArgumentException(
          op
              + ": expected an int64 sorter of the sorted sequence's shape "
              + Shapes.str(sorted.shape())
              + ", got "
              + sorter.dtype()
              + " of shape "
              + Shapes.str(sorter.shape()));
    }
  }

  /**
   * Groups runs of equal elements of {@code ordered} (flat, in the order to group), where {@code
   * ordered[j]} is element {@code order[j]} of {@code x} flattened.
   */
  private static UniqueValues runs(Tensor x, Tensor ordered, long[] order) {
    int n = order.length;
    boolean floating = x.dtype().isFloatingPoint();
    double[] d = floating ? ordered.toDoubleArray() : null;
    long[] l = floating ? null : ordered.toLongArray();
    long[] inverse = new long[n];
    int[] starts = new int[n];
    int groups = 0;
    for (int j = 0; j < n; j++) {
      boolean same = j > 0 && (floating ? d[j] == d[j - 1] : l[j] == l[j - 1]);
      if (!same) {
        starts[groups++] = j;
      }
      inverse[(int) order[j]] = groups - 1;
    }
    Tensor values = Tensor.empty(x.dtype(), groups);
    long[] counts = new long[groups];
    for (int g = 0; g < groups; g++) {
      int at = starts[g];
      if (floating) {
        values.storage().setDouble(g, d[at], x.dtype());
      } else {
        values.storage().setLong(g, l[at], x.dtype());
      }
      counts[g] = (g + 1 < groups ? starts[g + 1] : n) - at;
    }
    return new UniqueValues(values, Tensor.of(inverse).reshape(x.shape()), Tensor.of(counts));
  }

  /** Reorders sorted unique values by where each first occurs in {@code x}. */
  private static UniqueValues firstOccurrenceOrder(Tensor x, UniqueValues u) {
    int groups = u.values().numel();
    long[] first = new long[groups];
    Arrays.fill(first, Long.MAX_VALUE);
    long[] inverse = u.inverse().toLongArray();
    for (int i = 0; i < inverse.length; i++) {
      first[(int) inverse[i]] = Math.min(first[(int) inverse[i]], i);
    }
    Tensor rank = SortOps.argsort(Tensor.of(first), 0, false);
    long[] byRank = rank.toLongArray();
    long[] newPos = new long[groups];
    for (int r = 0; r < groups; r++) {
      newPos[(int) byRank[r]] = r;
    }
    Tensor values = Tensor.empty(x.dtype(), groups);
    long[] counts = new long[groups];
    long[] oldCounts = u.counts().toLongArray();
    for (int r = 0; r < groups; r++) {
      values.narrow(0, r, 1).copy_(u.values().narrow(0, (int) byRank[r], 1));
      counts[r] = oldCounts[(int) byRank[r]];
    }
    for (int i = 0; i < inverse.length; i++) {
      inverse[i] = newPos[(int) inverse[i]];
    }
    return new UniqueValues(values, Tensor.of(inverse).reshape(x.shape()), Tensor.of(counts));
  }
}
