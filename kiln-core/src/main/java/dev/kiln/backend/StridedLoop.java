package dev.kiln.backend;

import java.util.Arrays;

/**
 * The one place where strides are handled (PyTorch's TensorIterator idea). Given an iteration shape
 * and, per operand, strides already broadcast to it (0 on broadcast dims) and a base offset, it
 * drops size-1 dims, merges dims that are contiguous for every operand, and hands kernels runs
 * along the innermost dim: offsets of the run's first element per operand, the inner strides, and
 * the run length. A contiguous tensor becomes one run; work above the grain size is split across
 * the intra-op pool.
 */
public final class StridedLoop {
  /** A kernel over one run: {@code n} elements starting at {@code offsets[op]}. */
  @FunctionalInterface
  public interface RunKernel {
    /**
     * @param offsets the storage offset of the run's first element, per operand
     * @param strides the stride along the run, per operand
     * @param n the run length
     */
    void run(int[] offsets, int[] strides, int n);
  }

  private final int[] shape;
  private final int[][] strides;
  private final int[] base;
  private final int[] innerStrides;
  private final int numel;

  private StridedLoop(int[] shape, int[][] strides, int[] base) {
    this.shape = shape;
    this.strides = strides;
    this.base = base;
    int ops = strides.length;
    this.innerStrides = new int[ops];
    int last = shape.length - 1;
    for (int op = 0; op < ops; op++) {
      innerStrides[op] = last >= 0 ? strides[op][last] : 0;
    }
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    this.numel = (int) n;
  }

  /**
   * Plans a loop over {@code shape} for operands with the given strides (each of {@code
   * shape.length}, broadcast already applied) and base offsets.
   */
  public static StridedLoop of(int[] shape, int[][] strides, int[] offsets) {
    int ops = strides.length;
    int[] keptShape = new int[shape.length];
    int[][] keptStrides = new int[ops][shape.length];
    int rank = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 0) {
        return new StridedLoop(new int[] {0}, new int[ops][1], offsets.clone());
      }
      if (shape[d] == 1) {
        continue;
      }
      if (rank > 0 && mergeable(keptStrides, rank - 1, shape[d], strides, d)) {
        keptShape[rank - 1] *= shape[d];
        for (int op = 0; op < ops; op++) {
          keptStrides[op][rank - 1] = strides[op][d];
        }
        continue;
      }
      keptShape[rank] = shape[d];
      for (int op = 0; op < ops; op++) {
        keptStrides[op][rank] = strides[op][d];
      }
      rank++;
    }
    int[] finalShape = Arrays.copyOf(keptShape, rank);
    int[][] finalStrides = new int[ops][];
    for (int op = 0; op < ops; op++) {
      finalStrides[op] = Arrays.copyOf(keptStrides[op], rank);
    }
    return new StridedLoop(finalShape, finalStrides, offsets.clone());
  }

  private static boolean mergeable(
      int[][] keptStrides, int outer, int innerSize, int[][] strides, int d) {
    for (int op = 0; op < strides.length; op++) {
      if ((long) keptStrides[op][outer] != (long) strides[op][d] * innerSize) {
        return false;
      }
    }
    return true;
  }

  /** Total number of elements iterated. */
  public int numel() {
    return numel;
  }

  /** Rank after coalescing (0 for a single element). */
  public int rank() {
    return shape.length;
  }

  /** Runs the kernel over every element, single-threaded, in row-major order. */
  public void run(RunKernel kernel) {
    runRange(0, numel, kernel);
  }

  /**
   * Runs the kernel over every element, split across the intra-op pool above the grain size, in
   * chunks the threads share ({@link Parallel#parallelForShared}): the kernels it runs are
   * elementwise, so how the range is cut does not change any result.
   */
  public void runParallel(RunKernel kernel) {
    Parallel.parallelForShared(numel, Parallel.GRAIN_SIZE, (s, e) -> runRange(s, e, kernel));
  }

  /** Runs the kernel over the linear (row-major) element range {@code [start, end)}. */
  public void runRange(int start, int end, RunKernel kernel) {
    if (start >= end) {
      return;
    }
    int ops = base.length;
    int rank = shape.length;
    int[] offs = base.clone();
    if (rank == 0) {
      kernel.run(offs, innerStrides, 1);
      return;
    }
    int[] idx = new int[rank];
    int rem = start;
    for (int d = rank - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
      for (int op = 0; op < ops; op++) {
        offs[op] += idx[d] * strides[op][d];
      }
    }
    int last = rank - 1;
    int inner = shape[last];
    int remaining = end - start;
    while (true) {
      int n = Math.min(inner - idx[last], remaining);
      kernel.run(offs, innerStrides, n);
      remaining -= n;
      if (remaining == 0) {
        return;
      }
      // the run reached the end of the inner dim: rewind to its start, then carry outward
      for (int op = 0; op < ops; op++) {
        offs[op] -= idx[last] * innerStrides[op];
      }
      idx[last] = 0;
      for (int d = last - 1; d >= 0; d--) {
        idx[d]++;
        for (int op = 0; op < ops; op++) {
          offs[op] += strides[op][d];
        }
        if (idx[d] < shape[d]) {
          break;
        }
        idx[d] = 0;
        for (int op = 0; op < ops; op++) {
          offs[op] -= shape[d] * strides[op][d];
        }
      }
    }
  }
}
