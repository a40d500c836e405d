package dev.kiln.ops;

import dev.kiln.backend.Backends;
import dev.kiln.backend.ReduceKind;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;

/**
 * A reduction over some dims (all when none are given), backed by one {@link ReduceKind} kernel.
 *
 * @param name the op's name
 * @param kind the primitive kernel
 * @param resultType the result dtype as a function of the input dtype
 * @param needsElements whether reducing an empty dim is an error (max and min have no identity)
 */
public record ReduceOp(
    String name,
    ReduceKind kind,
    java.util.function.UnaryOperator<DType> resultType,
    boolean needsElements)
    implements OpDef {

  /** sum/prod: integers and bool widen to int64, floats keep their dtype. */
  public static DType widenIntegers(DType in) {
    return in.isFloatingPoint() ? in : DType.INT64;
  }

  /** Output spec: reduced dims removed, or kept with size 1 when {@code keepdim}. */
  public TensorSpec meta(TensorSpec x, int[] dims, boolean keepdim) {
    boolean[] reduced = reducedDims(name, x.shape().length, dims);
    int[] shape = x.shape();
    if (needsElements) {
      for (int d = 0; d < shape.length; d++) {
        if (reduced[d] && shape[d] == 0) {
          throw new IllegalArgumentException(
              name
                  + ": expected reduction dim "
                  + d
                  + " to have non-zero size (input shape "
                  + Shapes.str(shape)
                  + ")");
        }
      }
      if (shape.length == 0 || Shapes.numel(shape) == 0 && dims.length == 0) {
        if (Shapes.numel(shape) == 0) {
          throw new IllegalArgumentException(
              name + ": expected a non-empty input when reducing over all dims");
        }
      }
    }
    return new TensorSpec(outShape(shape, reduced, keepdim), resultType.apply(x.dtype()));
  }

  /** Which dims of a rank-{@code rank} tensor are reduced ({@code dims} empty means all). */
  public static boolean[] reducedDims(String op, int rank, int[] dims) {
    boolean[] reduced = new boolean[rank];
    if (dims.length == 0) {
      java.util.Arrays.fill(reduced, true);
      return reduced;
    }
    for (int d : Shapes.normalizeDims(op, dims, rank)) {
      if (rank > 0) {
        reduced[d] = true;
      }
    }
    return reduced;
  }

  /** The shape after reducing: kept dims, plus size-1 reduced dims when {@code keepdim}. */
  public static int[] outShape(int[] shape, boolean[] reduced, boolean keepdim) {
    int n = 0;
    for (int d = 0; d < shape.length; d++) {
      n += reduced[d] && !keepdim ? 0 : 1;
    }
    int[] out = new int[n];
    int j = 0;
    for (int d = 0; d < shape.length; d++) {
      if (!reduced[d]) {
        out[j++] = shape[d];
      } else if (keepdim) {
        out[j++] = 1;
      }
    }
    return out;
  }

  /** Reduces {@code x} over {@code dims} (all when empty). */
  public Tensor apply(Tensor x, int[] dims, boolean keepdim) {
    TensorSpec spec = meta(TensorSpec.of(x), dims, keepdim);
    boolean[] reduced = reducedDims(name, x.dim(), dims);
    int[] kept = outShape(x.shape(), reduced, true);
    DType accumulate = accumulationType(x.dtype(), spec.dtype());
    Tensor acc = Tensor.empty(accumulate, kept);
    Backends.of(x.device()).reduce(kind, x.to(accumulationInput(x.dtype())), acc);
    Tensor out = acc.to(spec.dtype());
    return keepdim ? out : out.reshape(spec.shape());
  }

  private DType accumulationType(DType in, DType out) {
    if (out == DType.BOOL) {
      return DType.BOOL;
    }
    if (out.isFloatingPoint()) {
      return DType.FLOAT64;
    }
    return DType.INT64;
  }

  private static DType accumulationInput(DType in) {
    return in.isReducedFloat() ? DType.FLOAT32 : in;
  }
}
