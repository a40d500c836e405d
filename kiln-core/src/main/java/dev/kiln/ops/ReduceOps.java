package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.backend.Backends;
import dev.kiln.backend.ReduceKind;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.util.List;

/**
 * Declarations of the reductions backed by one kernel: sum, prod, amax, amin, all, any (each a
 * {@link ReduceOp}), and max, min, argmax, argmin, which also find where the extreme sits.
 */
public final class ReduceOps {
  private ReduceOps() {}

  private static final int[] ALL_DIMS = {};

  public static final ReduceOp SUM =
      new ReduceOp(
          "sum",
          ReduceKind.SUM,
          ReduceOp::widenIntegers,
          false,
          (g, n, out, reduced) -> g.expand(n.inputShape(0)));
  public static final ReduceOp PROD =
      new ReduceOp("prod", ReduceKind.PROD, ReduceOp::widenIntegers, false, ReduceGrads::prod);
  public static final ReduceOp AMAX =
      new ReduceOp("amax", ReduceKind.MAX, t -> t, true, ReduceGrads::extremum);
  public static final ReduceOp AMIN =
      new ReduceOp("amin", ReduceKind.MIN, t -> t, true, ReduceGrads::extremum);

  /**
   * {@code all}: whether every element is non-zero (named so as not to clash with {@link #ALL}).
   */
  public static final ReduceOp ALL_TRUE =
      new ReduceOp("all", ReduceKind.ALL, ReduceOp::logicalResult, false, null);

  /** {@code any}: whether some element is non-zero. */
  public static final ReduceOp ANY_TRUE =
      new ReduceOp("any", ReduceKind.ANY, ReduceOp::logicalResult, false, null);

  public static final PrimitiveOp MAX = new PrimitiveOp("max");
  public static final PrimitiveOp MIN = new PrimitiveOp("min");
  public static final PrimitiveOp ARGMAX = new PrimitiveOp("argmax", false);
  public static final PrimitiveOp ARGMIN = new PrimitiveOp("argmin", false);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(SUM, PROD, AMAX, AMIN, ALL_TRUE, ANY_TRUE, MAX, MIN, ARGMAX, ARGMIN);

  /**
   * The largest element, as a 0-dim tensor of {@code x}'s dtype; NaN if any element is NaN.
   *
   * @throws IllegalArgumentException when {@code x} is empty
   */
  public static Tensor max(Tensor x) {
    requireNonEmpty(MAX.name(), x);
    return AMAX.apply(x, ALL_DIMS, false);
  }

  /**
   * The smallest element, as a 0-dim tensor of {@code x}'s dtype; NaN if any element is NaN.
   *
   * @throws IllegalArgumentException when {@code x} is empty
   */
  public static Tensor min(Tensor x) {
    requireNonEmpty(MIN.name(), x);
    return AMIN.apply(x, ALL_DIMS, false);
  }

  /** The largest values along {@code dim} and their indices (the first one on ties and NaN). */
  public static ValuesIndices max(Tensor x, int dim, boolean keepdim) {
    return extremes(MAX.name(), true, x, dim, keepdim);
  }

  /** The smallest values along {@code dim} and their indices (the first one on ties and NaN). */
  public static ValuesIndices min(Tensor x, int dim, boolean keepdim) {
    return extremes(MIN.name(), false, x, dim, keepdim);
  }

  /** The index of the largest element of {@code x} flattened, as a 0-dim int64 tensor. */
  public static Tensor argmax(Tensor x) {
    return flatIndex(ARGMAX.name(), true, x);
  }

  /** The index of the smallest element of {@code x} flattened, as a 0-dim int64 tensor. */
  public static Tensor argmin(Tensor x) {
    return flatIndex(ARGMIN.name(), false, x);
  }

  /** The indices (int64) of the largest values along {@code dim}. */
  public static Tensor argmax(Tensor x, int dim, boolean keepdim) {
    return indexOnly(ARGMAX.name(), true, x, dim, keepdim);
  }

  /** The indices (int64) of the smallest values along {@code dim}. */
  public static Tensor argmin(Tensor x, int dim, boolean keepdim) {
    return indexOnly(ARGMIN.name(), false, x, dim, keepdim);
  }

  private static Tensor flatIndex(String op, boolean max, Tensor x) {
    requireNonEmpty(op, x);
    return indexOnly(op, max, x.reshape(x.numel()), 0, false);
  }

  private static Tensor indexOnly(String op, boolean max, Tensor x, int dim, boolean keepdim) {
    if (x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(op + ": not implemented for dtype bool");
    }
    return extremes(op, max, x, dim, keepdim).indices();
  }

  private static ValuesIndices extremes(
      String op, boolean max, Tensor x, int dim, boolean keepdim) {
    boolean[] reduced = ReduceOp.reducedDims(op, x.dim(), new int[] {dim});
    ReduceOp.requireElements(op, x.shape(), reduced);
    int[] outShape = ReduceOp.outShape(x.shape(), reduced, keepdim);
    // a 0-dim tensor reduces as a 1-element vector
    Tensor in = x.dim() == 0 ? x.reshape(1) : x;
    int d = Shapes.normalizeDim(op, dim, x.dim());
    int[] kept = in.shape();
    kept[d] = 1;
    Tensor values = Tensor.empty(x.dtype(), kept);
    Tensor indices = Tensor.empty(DType.INT64, kept);
    Backends.of(x.device()).argReduce(max, in, d, values, indices);
    Tensor v = values.reshape(outShape);
    if (Autograd.isRecording(x)) {
      // the gradient goes to the element each index names
      Autograd.record(
          op, v, (n, g) -> new Tensor[] {selectedGrad(g, n.inputShape(0), d, indices)}, x);
    }
    return new ValuesIndices(v, indices.reshape(outShape));
  }

  /** Zeros of the input's shape with {@code g} (at keepdim shape) placed at {@code indices}. */
  static Tensor selectedGrad(Tensor g, int[] shape, int d, Tensor indices) {
    if (shape.length == 0) {
      return g.reshape();
    }
    Tensor zeros = Tensor.zeros(g.dtype(), shape);
    return zeros.scatterAdd(d, indices, g.reshape(indices.shape()));
  }

  private static void requireNonEmpty(String op, Tensor x) {
    if (x.numel() == 0) {
      throw new IllegalArgumentException(
          op
              + ": expected a non-empty input when reducing over all dims (input shape "
              + Shapes.str(x.shape())
              + "); specify the reduction dim");
    }
  }
}
