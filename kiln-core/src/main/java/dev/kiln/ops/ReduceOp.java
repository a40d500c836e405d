package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Node;
import dev.kiln.backend.Backends;
import dev.kiln.backend.ReduceKind;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A reduction over some dims (all when none are given), backed by one {@link ReduceKind} kernel.
 * Floating results accumulate in float64 and integer and bool results in int64, then are cast to
 * the result dtype.
 *
 * @param name the op's name
 * @param kind the primitive kernel
 * @param resultType the result dtype as a function of the input dtype
 * @param needsElements whether reducing an empty dim is an error (max and min have no identity)
 * @param derivative the input's gradient, or null when the result is bool (all, any)
 */
public record ReduceOp(
    String name,
    ReduceKind kind,
    UnaryOperator<DType> resultType,
    boolean needsElements,
    Grad derivative)
    implements OpDef {
  /**
   * A reduction's derivative, written with Tensor ops: the input's gradient from the output's
   * gradient {@code g}, given with size-1 reduced dims (so it broadcasts against the input); the
   * formula reads the input through {@code n.input(0)} and the output, also with size-1 reduced
   * dims, as {@code out}.
   */
  @FunctionalInterface
  public interface Grad {
    /** The input's gradient. */
    Tensor apply(Tensor g, Node n, Tensor out, boolean[] reduced);
  }

  /** sum/prod: integers and bool widen to int64, floats keep their dtype. */
  public static DType widenIntegers(DType in) {
    return in.isFloatingPoint() ? in : DType.INT64;
  }

  /** all/any: bool, except that uint8 inputs give uint8 (as in PyTorch). */
  public static DType logicalResult(DType in) {
    return in == DType.UINT8 ? DType.UINT8 : DType.BOOL;
  }

  /** Output spec: reduced dims removed, or kept with size 1 when {@code keepdim}. */
  public TensorSpec meta(TensorSpec x, int[] dims, boolean keepdim) {
    int[] shape = x.shape();
    boolean[] reduced = reducedDims(name, shape.length, dims);
    if (needsElements) {
      requireElements(name, shape, reduced);
    }
    return new TensorSpec(outShape(shape, reduced, keepdim), resultType.apply(x.dtype()));
  }

  /**
   * Fails when a reduced dim has size 0: the reduction {@code op} has no identity there.
   *
   * @throws IllegalArgumentException naming the op, the dim and the input shape
   */
  public static void requireElements(String op, int[] shape, boolean[] reduced) {
    for (int d = 0; d < shape.length; d++) {
      if (reduced[d] && shape[d] == 0) {
        throw new IllegalArgumentException(
            op
                + ": expected reduction dim "
                + d
                + " to have non-zero size (input shape "
                + Shapes.str(shape)
                + ")");
      }
    }
  }

  /**
   * Which dims of a rank-{@code rank} tensor are reduced ({@code dims} empty means all); a 0-dim
   * tensor accepts dim 0 and -1 and has nothing to reduce.
   *
   * @throws IndexOutOfBoundsException naming {@code op} when a dim is out of range
   */
  public static boolean[] reducedDims(String op, int rank, int[] dims) {
    boolean[] reduced = new boolean[rank];
    if (dims.length == 0) {
      Arrays.fill(reduced, true);
      return reduced;
    }
    for (int d : Shapes.normalizeDims(op, dims, rank)) {
      if (rank > 0) {
        reduced[d] = true;
      }
    }
    return reduced;
  }

  /** The number of elements each output element reduces: the product of the reduced sizes. */
  public static long reducedCount(int[] shape, boolean[] reduced) {
    long n = 1;
    for (int d = 0; d < shape.length; d++) {
      n *= reduced[d] ? shape[d] : 1;
    }
    return n;
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
    return run(x, dims, keepdim, meta(TensorSpec.of(x), dims, keepdim));
  }

  /**
   * Reduces {@code x}, first cast to {@code dtype}, over {@code dims}; the result has {@code dtype}
   * (PyTorch's {@code dtype=} argument, e.g. {@code sum(dtype=torch.float64)}).
   */
  public Tensor apply(Tensor x, int[] dims, boolean keepdim, DType dtype) {
    TensorSpec spec = meta(new TensorSpec(x.shape(), dtype), dims, keepdim);
    return run(x.to(dtype), dims, keepdim, new TensorSpec(spec.shape(), dtype));
  }

  private Tensor run(Tensor x, int[] dims, boolean keepdim, TensorSpec spec) {
    boolean[] reduced = reducedDims(name, x.dim(), dims);
    DType accumulate = spec.dtype().isFloatingPoint() ? DType.FLOAT64 : DType.INT64;
    Tensor acc = Tensor.empty(accumulate, outShape(x.shape(), reduced, true));
    Backends.of(x.device()).reduce(kind, x.to(kernelInput(x.dtype())), acc);
    Tensor out = acc.to(spec.dtype());
    Tensor result = keepdim ? out : out.reshape(spec.shape());
    if (!Autograd.isRecording(x)) {
      return result;
    }
    int[] kept = outShape(x.shape(), reduced, true);
    return Autograd.record(
        name,
        result,
        (n, g) ->
            new Tensor[] {derivative.apply(g.reshape(kept), n, n.output().reshape(kept), reduced)},
        x);
  }

  /** all/any read truth values (so 0.5 and NaN count as true); 16-bit floats read as float32. */
  private DType kernelInput(DType in) {
    if (kind == ReduceKind.ALL || kind == ReduceKind.ANY) {
      return DType.BOOL;
    }
    return in.isReducedFloat() ? DType.FLOAT32 : in;
  }

  @Override
  public boolean differentiable() {
    return derivative != null;
  }
}
