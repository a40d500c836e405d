package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Reshaping data by repeating or reordering it: repeat, tile, repeatInterleave, flip, roll and
 * rot90. Each returns a new tensor.
 */
public final class JoinRepeatOps {
  private JoinRepeatOps() {}

  public static final CompositeOp REPEAT = new CompositeOp("repeat");
  public static final CompositeOp TILE = new CompositeOp("tile");
  public static final CompositeOp REPEAT_INTERLEAVE = new CompositeOp("repeatInterleave");
  public static final CompositeOp FLIP = new CompositeOp("flip");
  public static final CompositeOp ROLL = new CompositeOp("roll");
  public static final CompositeOp ROT90 = new CompositeOp("rot90");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(REPEAT, TILE, REPEAT_INTERLEAVE, FLIP, ROLL, ROT90);

  /**
   * x tiled {@code repeats[d]} times along each dim; {@code repeats} has at least x's rank (extra
   * leading entries add dims).
   */
  public static Tensor repeat(Tensor x, int... repeats) {
    if (repeats.length < x.dim()) {
      throw new IllegalArgumentException(
          REPEAT.name()
              + ": number of repeat dims "
              + Arrays.toString(repeats)
              + " can not be smaller than the number of dims of shape "
              + Shapes.str(x.shape()));
    }
    int n = repeats.length;
    int lead = n - x.dim();
    int[] viewShape = new int[2 * n];
    int[] expanded = new int[2 * n];
    int[] out = new int[n];
    for (int d = 0; d < n; d++) {
      if (repeats[d] < 0) {
        throw new IllegalArgumentException(
            REPEAT.name() + ": repeats can not be negative, got " + Arrays.toString(repeats));
      }
      int size = d < lead ? 1 : x.size(d - lead);
      viewShape[2 * d] = 1;
      viewShape[2 * d + 1] = size;
      expanded[2 * d] = repeats[d];
      expanded[2 * d + 1] = size;
      out[d] = repeats[d] * size;
    }
    return x.reshape(viewShape).expand(expanded).contiguous().view(out);
  }

  /** Like {@link #repeat}, but {@code reps} shorter than x's rank is padded with leading ones. */
  public static Tensor tile(Tensor x, int... reps) {
    int n = Math.max(reps.length, x.dim());
    int[] full = IndexOps.ones(n);
    System.arraycopy(reps, 0, full, n - reps.length, reps.length);
    return repeat(x, full);
  }

  /** Each element repeated {@code repeats} times along {@code dim}. */
  public static Tensor repeatInterleave(Tensor x, int repeats, int dim) {
    if (repeats < 0) {
      throw new IllegalArgumentException(
          REPEAT_INTERLEAVE.name() + ": repeats can not be negative, got " + repeats);
    }
    Tensor src = x.dim() == 0 ? x.reshape(1) : x;
    int d = Shapes.normalizeDim(REPEAT_INTERLEAVE.name(), dim, src.dim());
    int[] shape = Arrays.copyOf(src.shape(), src.dim() + 1);
    System.arraycopy(src.shape(), d + 1, shape, d + 2, src.dim() - d - 1);
    shape[d + 1] = repeats;
    return src.unsqueeze(d + 1).expand(shape).flatten(d, d + 1).contiguous();
  }

  /** Each element of the flattened x repeated {@code repeats} times. */
  public static Tensor repeatInterleave(Tensor x, int repeats) {
    return repeatInterleave(x.reshape(-1), repeats, 0);
  }

  /** Slice {@code i} along dim repeated {@code repeats[i]} times (int64, 1-D or one element). */
  public static Tensor repeatInterleave(Tensor x, Tensor repeats, int dim) {
    Tensor src = x.dim() == 0 ? x.reshape(1) : x;
    int d = Shapes.normalizeDim(REPEAT_INTERLEAVE.name(), dim, src.dim());
    Tensor r = repeats.numel() == 1 ? repeats.reshape(1).expand(src.size(d)) : repeats;
    if (r.dim() != 1 || r.size(0) != src.size(d)) {
      throw new IllegalArgumentException(
          REPEAT_INTERLEAVE.name()
              + ": repeats must have shape ["
              + src.size(d)
              + "] (the size of dim "
              + d
              + " of "
              + Shapes.str(x.shape())
              + "), got "
              + Shapes.str(repeats.shape()));
    }
    return IndexOps.indexSelect(src, d, repeatInterleave(r));
  }

  /** {@code [0]*repeats[0] ++ [1]*repeats[1] ++ ...}: int64 positions for {@code repeats}. */
  public static Tensor repeatInterleave(Tensor repeats) {
    String op = REPEAT_INTERLEAVE.name();
    if (repeats.dim() > 1 || repeats.dtype().isFloatingPoint() || repeats.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          op
              + ": repeats must be a 0-dim or 1-D integer tensor, got "
              + repeats.dtype()
              + " of shape "
              + Shapes.str(repeats.shape()));
    }
    long[] r = repeats.toLongArray();
    long total = 0;
    for (long v : r) {
      if (v < 0) {
        throw new IllegalArgumentException(op + ": repeats can not be negative, got " + v);
      }
      total += v;
    }
    long[] out = new long[(int) total];
    int k = 0;
    for (int i = 0; i < r.length; i++) {
      for (long j = 0; j < r[i]; j++) {
        out[k++] = i;
      }
    }
    return Tensor.of(out);
  }

  /** x with the order of elements reversed along each of {@code dims}. */
  public static Tensor flip(Tensor x, int... dims) {
    int[] ds = Shapes.normalizeDims(FLIP.name(), dims, x.dim());
    if (x.dim() == 0) {
      return x.clone();
    }
    long[][] pos = new long[ds.length][];
    for (int k = 0; k < ds.length; k++) {
      int n = x.size(ds[k]);
      pos[k] = new long[n];
      for (int i = 0; i < n; i++) {
        pos[k][i] = n - 1 - i;
      }
    }
    return IndexOps.gatherDims(FLIP.name(), x, ds, pos);
  }

  /**
   * x shifted by {@code shifts[k]} along {@code dims[k]}, elements leaving one end entering at the
   * other; with no dims, the flattened x is rolled and the shape restored.
   */
  public static Tensor roll(Tensor x, int[] shifts, int[] dims) {
    String op = ROLL.name();
    if (dims.length == 0) {
      if (shifts.length != 1) {
        throw new IllegalArgumentException(
            op + ": with no dims, expected one shift, got " + Arrays.toString(shifts));
      }
      return roll(x.reshape(-1), shifts, new int[] {0}).view(x.shape());
    }
    if (shifts.length != dims.length) {
      throw new IllegalArgumentException(
          op
              + ": shifts "
              + Arrays.toString(shifts)
              + " and dims "
              + Arrays.toString(dims)
              + " must have the same length");
    }
    Tensor out = x;
    for (int k = 0; k < dims.length; k++) {
      int d = Shapes.normalizeDim(op, dims[k], x.dim());
      int n = x.size(d);
      long[] pos = new long[n];
      for (int i = 0; i < n; i++) {
        pos[i] = Math.floorMod(i - (long) shifts[k], n);
      }
      out = IndexOps.gatherDims(op, out, new int[] {d}, new long[][] {pos});
    }
    return out == x ? x.clone() : out;
  }

  /**
   * x rotated by 90 degrees {@code k} times in the plane of {@code dims} (two dims), from the first
   * towards the second.
   */
  public static Tensor rot90(Tensor x, int k, int[] dims) {
    String op = ROT90.name();
    if (dims.length != 2 || x.dim() < 2) {
      throw new IllegalArgumentException(
          op
              + ": expected two dims and a tensor of at least 2 dims, got dims "
              + Arrays.toString(dims)
              + " for shape "
              + Shapes.str(x.shape()));
    }
    int[] ds = Shapes.normalizeDims(op, dims, x.dim());
    return switch (Math.floorMod(k, 4)) {
      case 1 -> flip(x, ds[1]).transpose(ds[0], ds[1]);
      case 2 -> flip(x, ds[0], ds[1]);
      case 3 -> flip(x, ds[0]).transpose(ds[0], ds[1]);
      default -> x.clone();
    };
  }
}
