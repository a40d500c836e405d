package dev.kiln.ops;

import dev.kiln.backend.cpu.CpuConvKernels.Window;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Shared argument checks and shape arithmetic of the convolution, pooling and im2col ops. Spatial
 * sizes are handled as 3-D (depth, height, width) with leading 1s for 1-D and 2-D ops.
 */
final class ConvShapes {
  private ConvShapes() {}

  /** {@code v} (one value or one per spatial dim) as one value per spatial dim, checked. */
  static int[] expand(String op, String what, int[] v, int rank, int min) {
    int[] r;
    if (v.length == 1) {
      r = new int[rank];
      Arrays.fill(r, v[0]);
    } else if (v.length == rank) {
      r = v.clone();
    } else {
      throw new IllegalArgumentException(
          op + ": " + what + " " + Shapes.str(v) + " must have 1 or " + rank + " values");
    }
    for (int x : r) {
      if (x < min) {
        throw new IllegalArgumentException(
            op + ": " + what + " " + Shapes.str(v) + " must be at least " + min);
      }
    }
    return r;
  }

  /** {@code v} padded at the front with {@code fill} to 3 values. */
  static int[] to3(int[] v, int fill) {
    int[] r = {fill, fill, fill};
    System.arraycopy(v, 0, r, 3 - v.length, v.length);
    return r;
  }

  /** The last {@code rank} sizes of {@code x}. */
  static int[] spatial(Tensor x, int rank) {
    return Arrays.copyOfRange(x.shape(), x.dim() - rank, x.dim());
  }

  /** {@code x} with a batch dim: unbatched inputs (rank + 1 dims) get a leading 1. */
  static Tensor batched(String op, Tensor x, int rank) {
    if (x.dim() == rank + 2) {
      return x;
    }
    if (x.dim() == rank + 1) {
      return x.unsqueeze(0);
    }
    throw new IllegalArgumentException(
        op
            + ": expected a "
            + (rank + 1)
            + "-D (unbatched) or "
            + (rank + 2)
            + "-D (batched) input, got "
            + Shapes.str(x.shape()));
  }

  /**
   * Fails unless every given tensor (nulls skipped) is float32 or float64, all of one dtype.
   *
   * @return whether they are float32 (the dtype of the fast kernels)
   */
  static boolean requireFloat(String op, Tensor... ts) {
    DType first = null;
    for (Tensor t : ts) {
      if (t == null) {
        continue;
      }
      if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64) {
        throw new IllegalArgumentException(
            op
                + ": only float32 and float64 are supported, got "
                + t.dtype()
                + " "
                + Shapes.str(t.shape()));
      }
      if (first != null && t.dtype() != first) {
        throw new IllegalArgumentException(
            op + ": operands must share one dtype, got " + first + " and " + t.dtype());
      }
      first = t.dtype();
    }
    return first == DType.FLOAT32;
  }

  /** The float array behind a contiguous float32 tensor. */
  static float[] floats(Tensor t) {
    return (float[]) t.storage().array();
  }

  /**
   * Windows along one dim: {@code (in + padTotal - dilation * (k - 1) - 1) / stride + 1}, rounded
   * up in ceil mode (but a last window must start inside the input or left padding).
   *
   * @throws IllegalArgumentException when the dilated kernel is larger than the padded input
   */
  static int windows(
      String op,
      Tensor x,
      int in,
      int k,
      int stride,
      int padBefore,
      int padTotal,
      int dilation,
      boolean ceil) {
    int span = dilation * (k - 1) + 1;
    if (span > in + padTotal) {
      throw new IllegalArgumentException(
          op
              + ": kernel size "
              + k
              + (dilation > 1 ? " (dilated " + span + ")" : "")
              + " is larger than the padded input size "
              + (in + padTotal)
              + " (input "
              + Shapes.str(x.shape())
              + ", padding "
              + padTotal
              + " in all)");
    }
    int room = in + padTotal - span;
    int out = (ceil ? (room + stride - 1) / stride : room / stride) + 1;
    if (ceil && (out - 1) * stride >= in + padBefore) {
      out--;
    }
    return out;
  }

  /** A window geometry from per-dim arrays of the spatial rank (padded to 3-D here). */
  static Window window(
      int channels, int[] in, int[] k, int[] stride, int[] pad, int[] dilation, int[] out) {
    return new Window(
        channels,
        to3(in, 1),
        to3(k, 1),
        to3(stride, 1),
        to3(pad, 0),
        to3(dilation, 1),
        to3(out, 1));
  }

  /** {@code a} followed by {@code b}. */
  static int[] concat(int[] a, int... b) {
    int[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
