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

  /**
   * A requested shape with its one {@code -1} replaced by the size that makes it hold {@code numel}
   * elements (PyTorch's {@code infer_size}); names the op, the shape and the element count when no
   * such size exists.
   */
  public static int[] inferSize(String op, int[] requested, int numel) {
    int infer = -1;
    long known = 1;
    for (int i = 0; i < requested.length; i++) {
      if (requested[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(
              op + ": only one dimension can be inferred, got shape " + str(requested));
        }
        infer = i;
      } else if (requested[i] < 0) {
        throw new IllegalArgumentException(
            op + ": invalid shape dimension " + requested[i] + " in " + str(requested));
      } else {
        known *= requested[i];
      }
    }
    int[] out = requested.clone();
    if (infer >= 0 && known == 0) {
      throw new IllegalArgumentException(
          op
              + ": cannot reshape tensor of "
              + numel
              + " elements into shape "
              + str(requested)
              + " because the unspecified dimension size -1 can be any value and is ambiguous");
    }
    if (infer >= 0 && numel % known == 0) {
      out[infer] = (int) (numel / known);
    } else if (infer >= 0 || known != numel) {
      throw new IllegalArgumentException(
          op + ": shape " + str(requested) + " is invalid for input of size " + numel);
    }
    return out;
  }

  /**
   * Strides that view a tensor of {@code shape}/{@code strides} as {@code target} (same number of
   * elements) without copying, or null when no strides can (PyTorch's {@code computeStride}).
   */
  public static int[] viewStrides(int[] shape, int[] strides, int[] target) {
    if (shape.length == 0) {
      int[] ones = new int[target.length];
      Arrays.fill(ones, 1);
      return ones;
    }
    if (numel(shape) == 0) {
      return Arrays.equals(shape, target) ? strides.clone() : contiguousStrides(target);
    }
    int[] out = new int[target.length];
    int viewD = target.length - 1;
    long chunkBaseStride = strides[strides.length - 1];
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      tensorNumel *= shape[d];
      if (d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBaseStride)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] == 1)) {
          out[viewD] = (int) (viewNumel * chunkBaseStride);
          viewNumel *= target[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) {
          return null;
        }
        if (d > 0) {
          chunkBaseStride = strides[d - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    return viewD == -1 ? out : null;
  }

  /** Shape in PyTorch's printed form, e.g. {@code [2, 3]}. */
  public static String str(int[] shape) {
    return Arrays.toString(shape);
  }
}
