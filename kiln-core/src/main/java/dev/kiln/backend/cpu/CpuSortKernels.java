package dev.kiln.backend.cpu;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.StridedLoop;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * CPU loops that work on whole lanes along one dim: a stable sort of (value, index) pairs, the mode
 * of each lane, and running maxima/minima with their indices. Each lane is gathered into a
 * primitive array ({@code double[]} for floating dtypes, which holds float32 and float64 exactly,
 * {@code long[]} for integers and bool), so nothing is boxed; lanes come from {@link
 * dev.kiln.backend.StridedLoop} and run in parallel. NaN orders after every number, as in PyTorch.
 *
 * <p>These are the "sort/topk" primitive of the design; at integration they belong behind {@link
 * dev.kiln.backend.Backend}.
 */
public final class CpuSortKernels {
  private CpuSortKernels() {}

  /** Lanes shorter than this are sorted by insertion (stable, and fast when short). */
  private static final int INSERTION_MAX = 16;

  /**
   * Sorts every lane of {@code x} along {@code dim} into {@code values} (x's dtype) and {@code
   * indices} (int64), both shaped like {@code x}. The sort is stable: equal elements keep their
   * order; NaN sorts as the largest value.
   */
  public static void sort(Tensor x, int dim, boolean descending, Tensor values, Tensor indices) {
    int vStride = values.strides()[dim];
    int iStride = indices.strides()[dim];
    Storage vs = values.storage();
    Storage is = indices.storage();
    forEachLane(
        x,
        dim,
        new Tensor[] {values, indices},
        (lane, o) -> {
          lane.sort(descending);
          for (int j = 0; j < lane.len; j++) {
            int p = lane.perm[j];
            lane.store(p, vs, values.dtype(), o[0] + j * vStride);
            is.setLong(o[1] + j * iStride, p, DType.INT64);
          }
        });
  }

  /**
   * The most frequent value of every lane of {@code x} along {@code dim} (the smallest on ties) and
   * the last index where it occurs, into {@code values} and {@code indices}, whose size along
   * {@code dim} is 1. NaN never equals NaN, so each NaN counts once.
   */
  public static void mode(Tensor x, int dim, Tensor values, Tensor indices) {
    Storage vs = values.storage();
    Storage is = indices.storage();
    forEachLane(
        x,
        dim,
        new Tensor[] {values, indices},
        (lane, o) -> {
          lane.sort(false);
          int best = 0;
          int bestAt = lane.perm[0];
          int run = 0;
          for (int j = 0; j < lane.len; j++) {
            run++;
            if (j == lane.len - 1 || !lane.equal(lane.perm[j], lane.perm[j + 1])) {
              if (run > best) {
                best = run;
                bestAt = lane.perm[j];
              }
              run = 0;
            }
          }
          lane.store(bestAt, vs, values.dtype(), o[0]);
          is.setLong(o[1], bestAt, DType.INT64);
        });
  }

  /**
   * Running maxima ({@code max}) or minima of every lane of {@code x} along {@code dim} and where
   * each sits, into {@code values} and {@code indices} shaped like {@code x}. On ties the later
   * index wins; once a NaN is seen the value stays NaN and the index follows each new NaN.
   */
  public static void cumulativeExtreme(
      boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
    int vStride = values.strides()[dim];
    int iStride = indices.strides()[dim];
    Storage vs = values.storage();
    Storage is = indices.storage();
    forEachLane(
        x,
        dim,
        new Tensor[] {values, indices},
        (lane, o) -> {
          int best = 0;
          for (int j = 0; j < lane.len; j++) {
            if (lane.replaces(max, j, best)) {
              best = j;
            }
            lane.store(best, vs, values.dtype(), o[0] + j * vStride);
            is.setLong(o[1] + j * iStride, best, DType.INT64);
          }
        });
  }

  /** Work on one gathered lane; {@code outOffsets[i]} is where lane's output i starts. */
  @FunctionalInterface
  private interface LaneKernel {
    void run(Lane lane, int[] outOffsets);
  }

  /**
   * Gathers each lane of {@code x} along {@code dim} and hands it to the kernel with the offsets of
   * the matching lane starts in {@code outs} (whose other dims match x's).
   */
  private static void forEachLane(Tensor x, int dim, Tensor[] outs, LaneKernel kernel) {
    int len = x.shape()[dim];
    if (len == 0 || x.numel() == 0) {
      return;
    }
    int stride = x.strides()[dim];
    Storage xs = x.storage();
    DType t = x.dtype();
    Tensor[] ins = new Tensor[outs.length];
    for (int i = 1; i < outs.length; i++) {
      ins[i - 1] = outs[i].narrow(dim, 0, 1);
    }
    ins[outs.length - 1] = x.narrow(dim, 0, 1);
    int xOp = outs.length;
    StridedLoop loop = CpuBackend.loop(outs[0].narrow(dim, 0, 1), ins);
    // a lane costs about len elements of work: split so each chunk holds ~GRAIN_SIZE of them
    int grainLanes = Math.max(1, Parallel.GRAIN_SIZE / len);
    StridedLoop.RunKernel lanes =
        (o, s, n) -> {
          Lane lane = new Lane(len, t.isFloatingPoint());
          int[] starts = new int[outs.length];
          for (int i = 0; i < n; i++) {
            lane.load(xs, t, o[xOp] + i * s[xOp], stride);
            for (int k = 0; k < outs.length; k++) {
              starts[k] = o[k] + i * s[k];
            }
            kernel.run(lane, starts);
          }
        };
    Parallel.parallelFor(
        loop.numel(), grainLanes, (start, end) -> loop.runRange(start, end, lanes));
  }

  /** One lane's keys as primitives, a permutation of its positions, and merge scratch. */
  private static final class Lane {
    final int len;
    final boolean floating;
    final double[] d;
    final long[] l;
    final int[] perm;
    final int[] tmp;

    Lane(int len, boolean floating) {
      this.len = len;
      this.floating = floating;
      this.d = floating ? new double[len] : null;
      this.l = floating ? null : new long[len];
      this.perm = new int[len];
      this.tmp = new int[len];
    }

    void load(Storage s, DType t, int base, int stride) {
      for (int j = 0; j < len; j++) {
        if (floating) {
          d[j] = s.getDouble(base + j * stride, t);
        } else {
          l[j] = s.getLong(base + j * stride, t);
        }
      }
    }

    /** Writes the key at position {@code p} to {@code s[at]}. */
    void store(int p, Storage s, DType t, int at) {
      if (floating) {
        s.setDouble(at, d[p], t);
      } else {
        s.setLong(at, l[p], t);
      }
    }

    /** Whether positions a and b hold equal keys ({@code ==}: NaN equals nothing). */
    boolean equal(int a, int b) {
      return floating ? d[a] == d[b] : l[a] == l[b];
    }

    /** Whether position j takes over from the running extreme at {@code best} (j wins ties). */
    boolean replaces(boolean max, int j, int best) {
      if (floating) {
        double v = d[j];
        double b = d[best];
        return Double.isNaN(v) || (!Double.isNaN(b) && (max ? v >= b : v <= b));
      }
      return max ? l[j] >= l[best] : l[j] <= l[best];
    }

    /** Whether position a goes strictly before position b (NaN is the largest key). */
    boolean before(int a, int b, boolean descending) {
      if (floating) {
        double x = d[a];
        double y = d[b];
        return descending
            ? x > y || (Double.isNaN(x) && !Double.isNaN(y))
            : x < y || (!Double.isNaN(x) && Double.isNaN(y));
      }
      return descending ? l[a] > l[b] : l[a] < l[b];
    }

    /** Fills {@link #perm} with the positions in stable sorted order. */
    void sort(boolean descending) {
      for (int j = 0; j < len; j++) {
        perm[j] = j;
      }
      mergeSort(0, len, descending);
    }

    private void mergeSort(int lo, int hi, boolean descending) {
      if (hi - lo <= INSERTION_MAX) {
        for (int i = lo + 1; i < hi; i++) {
          int p = perm[i];
          int j = i - 1;
          while (j >= lo && before(p, perm[j], descending)) {
            perm[j + 1] = perm[j];
            j--;
          }
          perm[j + 1] = p;
        }
        return;
      }
      int mid = (lo + hi) >>> 1;
      mergeSort(lo, mid, descending);
      mergeSort(mid, hi, descending);
      if (!before(perm[mid], perm[mid - 1], descending)) {
        return;
      }
      System.arraycopy(perm, lo, tmp, lo, hi - lo);
      int i = lo;
      int j = mid;
      int k = lo;
      while (i < mid && j < hi) {
        perm[k++] = before(tmp[j], tmp[i], descending) ? tmp[j++] : tmp[i++];
      }
      while (i < mid) {
        perm[k++] = tmp[i++];
      }
      while (j < hi) {
        perm[k++] = tmp[j++];
      }
    }
  }
}
