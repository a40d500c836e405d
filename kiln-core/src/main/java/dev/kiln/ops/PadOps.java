package dev.kiln.ops;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Padding, as {@code torch.nn.functional.pad}: {@code pad} lists (before, after) amounts starting
 * from the last dim, e.g. {@code {1, 2}} pads the last dim with 1 before and 2 after, {@code {1, 1,
 * 2, 2}} also the dim before it. Every mode pads any number of dims; negative amounts crop.
 */
public final class PadOps {
  private PadOps() {}

  public static final CompositeOp PAD = new CompositeOp("pad");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(PAD);

  /** What fills the new positions. */
  public enum PadMode {
    /** A constant value. */
    CONSTANT,
    /** The mirror image without repeating the edge: {@code [2 1 | 0 1 2 | 1 0]}. */
    REFLECT,
    /** The edge value: {@code [0 0 | 0 1 2 | 2 2]}. */
    REPLICATE,
    /** Wraps around: {@code [1 2 | 0 1 2 | 0 1]}. */
    CIRCULAR
  }

  /** Pads with zeros. */
  public static Tensor pad(Tensor x, int... pad) {
    return pad(x, pad, PadMode.CONSTANT, 0);
  }

  /** Pads {@code x}; {@code value} is used by {@link PadMode#CONSTANT} only. */
  public static Tensor pad(Tensor x, int[] pad, PadMode mode, double value) {
    String op = PAD.name();
    if (pad.length % 2 != 0 || pad.length / 2 > x.dim()) {
      throw new IllegalArgumentException(
          op
              + ": padding "
              + Arrays.toString(pad)
              + " must have an even length of at most twice the rank of shape "
              + Shapes.str(x.shape()));
    }
    int k = pad.length / 2;
    int[] dims = new int[k];
    int[] shape = x.shape();
    for (int i = 0; i < k; i++) {
      dims[i] = x.dim() - 1 - i;
      shape[dims[i]] += pad[2 * i] + pad[2 * i + 1];
      if (shape[dims[i]] < 0) {
        throw new IllegalArgumentException(
            op
                + ": padding "
                + Arrays.toString(pad)
                + " gives a negative size for dim "
                + dims[i]
                + " of shape "
                + Shapes.str(x.shape()));
      }
    }
    if (mode == PadMode.CONSTANT) {
      return constant(x, pad, dims, shape, value);
    }
    long[][] pos = new long[k][];
    for (int i = 0; i < k; i++) {
      pos[i] = positions(op, mode, x.size(dims[i]), pad[2 * i], pad[2 * i + 1], dims[i]);
    }
    return IndexOps.gatherDims(op, x, dims, pos);
  }

  private static Tensor constant(Tensor x, int[] pad, int[] dims, int[] shape, double value) {
    Tensor out = Tensor.full(value, x.dtype(), shape);
    Tensor dst = out;
    Tensor src = x;
    for (int i = 0; i < dims.length; i++) {
      int before = pad[2 * i];
      int after = pad[2 * i + 1];
      int keep = x.size(dims[i]) - Math.max(-before, 0) - Math.max(-after, 0);
      if (keep <= 0) {
        return out;
      }
      src = src.narrow(dims[i], Math.max(-before, 0), keep);
      dst = dst.narrow(dims[i], Math.max(before, 0), keep);
    }
    dst.copy_(src);
    return out;
  }

  /** For each output position along one dim, the input position it reads. */
  private static long[] positions(String op, PadMode mode, int n, int before, int after, int dim) {
    int limit = mode == PadMode.REFLECT ? n - 1 : mode == PadMode.CIRCULAR ? n : Integer.MAX_VALUE;
    if (n == 0 || Math.max(before, after) > limit) {
      throw new IllegalArgumentException(
          op
              + ": "
              + mode.name().toLowerCase()
              + " padding ("
              + before
              + ", "
              + after
              + ") is too large for dim "
              + dim
              + " of size "
              + n
              + (limit == Integer.MAX_VALUE ? "" : " (at most " + limit + ")"));
    }
    long[] pos = new long[n + before + after];
    for (int i = 0; i < pos.length; i++) {
      int s = i - before;
      pos[i] =
          switch (mode) {
            case REFLECT -> s < 0 ? -s : s >= n ? 2L * (n - 1) - s : s;
            case REPLICATE -> Math.min(Math.max(s, 0), n - 1);
            default -> Math.floorMod(s, n);
          };
    }
    return pos;
  }
}
