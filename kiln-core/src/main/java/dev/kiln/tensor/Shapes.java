package dev.kiln.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by tensors, ops and kernels: sizes, strides, dims and broadcasting. */
public final class Shapes {
  private Shapes() {}

  /** Number of elements of a shape; 1 for a scalar shape {@code []}. Fails past 2^31 - 1. */
  public static int numel(int[] shape) {
    long n = 1;
    for (int s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + str(shape));
      }
      n *= s;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "shape " + str(shape) + " has more than 2^31-1 elements, the CPU storage limit");
      }
    }
    return (int) n;
  }

  /** Row-major (C order) strides of a shape. */
  public static int[] contiguousStrides(int[] shape) {
    int[] strides = new int[shape.length];
    int s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = s;
      s *= Math.max(shape[d], 1);
    }
    return strides;
  }

  /** A dim in {@code [-rank, rank)} made non-negative; names the op when out of range. */
  public static int normalizeDim(String op, int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IndexOutOfBoundsException(
          op
              + ": dimension out of range (expected to be in range of ["
              + -r
              + ", "
              + (r - 1)
              + "], but got "
              + dim
              + ")");
    }
    return dim < 0 ? dim + r : dim;
  }

  /** Several dims normalized; fails on a repeated dim. */
  public static int[] normalizeDims(String op, int[] dims, int rank) {
    int[] out = new int[dims.length];
    boolean[] seen = new boolean[Math.max(rank, 1)];
    for (int i = 0; i < dims.length; i++) {
      out[i] = normalizeDim(op, dims[i], rank);
      if (seen[out[i]]) {
        throw new IllegalArgumentException(
            op + ": dim " + out[i] + " appears multiple times in the list of dims");
      }
      seen[out[i]] = true;
    }
    return out;
  }

  /** The broadcast shape of several shapes (NumPy rules); names the op and shapes on failure. */
  public static int[] broadcast(String op, int[]... shapes) {
    int rank = 0;
    for (int[] s : shapes) {
      rank = Math.max(rank, s.length);
    }
    int[] out = new int[rank];
    Arrays.fill(out, 1);
    for (int[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int d = rank - s.length + i;
        int size = s[i];
        if (out[d] == 1) {
          out[d] = size;
        } else if (size != 1 && size != out[d]) {
          StringBuilder all = new StringBuilder();
          for (int[] t : shapes) {
            all.append(all.isEmpty() ? "" : " and ").append(str(t));
          }
          throw new IllegalArgumentException(
              op
                  + ": shapes "
                  + all
                  + " cannot be broadcast (size "
                  + out[d]
                  + " vs "
                  + size
                  + " at dimension "
                  + d
                  + ")");
        }
      }
    }
    return out;
  }

  /** Strides that read a tensor of {@code shape}/{@code strides} broadcast to {@code target}. */
  public static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
    int[] out = new int[target.length];
    int lead = target.length - shape.length;
    for (int i = 0; i < shape.length; i++) {
      out[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
    }
    return out;
  }

  /** Shape in PyTorch's printed form, e.g. {@code [2, 3]}. */
  public static String str(int[] shape) {
    return Arrays.toString(shape);
  }
}
