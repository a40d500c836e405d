package dev.kiln.ops;

import dev.kiln.backend.Backends;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Device;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Declarations of the tensor factories: filled tensors, ranges and identity matrices, and their
 * {@code *Like} forms. Users call them as static methods of {@link Tensor} ({@code
 * Tensor.arange(5)}).
 */
public final class CreationOps {
  private CreationOps() {}

  public static final PrimitiveOp EMPTY = new PrimitiveOp("empty", false);
  public static final PrimitiveOp FULL = new PrimitiveOp("full", false);
  public static final CompositeOp ZEROS = new CompositeOp("zeros", false);
  public static final CompositeOp ONES = new CompositeOp("ones", false);
  public static final PrimitiveOp ARANGE = new PrimitiveOp("arange", false);
  public static final PrimitiveOp LINSPACE = new PrimitiveOp("linspace", false);
  public static final PrimitiveOp LOGSPACE = new PrimitiveOp("logspace", false);
  public static final CompositeOp EYE = new CompositeOp("eye", false);
  public static final CompositeOp EMPTY_LIKE = new CompositeOp("emptyLike", false);
  public static final CompositeOp ZEROS_LIKE = new CompositeOp("zerosLike", false);
  public static final CompositeOp ONES_LIKE = new CompositeOp("onesLike", false);
  public static final CompositeOp FULL_LIKE = new CompositeOp("fullLike", false);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(
          EMPTY,
          FULL,
          ZEROS,
          ONES,
          ARANGE,
          LINSPACE,
          LOGSPACE,
          EYE,
          EMPTY_LIKE,
          ZEROS_LIKE,
          ONES_LIKE,
          FULL_LIKE);

  /**
   * A new tensor of {@code shape} whose elements are undefined, as PyTorch's {@code empty}: a large
   * one may reuse a recycled array ({@link dev.kiln.tensor.BufferPool}) and hold old values.
   *
   * {@snippet :
   * Tensor x = CreationOps.empty(DType.FLOAT32, 2, 3);
   * }
   */
  public static Tensor empty(DType dtype, int... shape) {
    return Tensor.wrap(
        Storage.allocateUninitialized(dtype, checkedNumel("empty", shape)), dtype, shape);
  }

  private static int checkedNumel(String op, int[] shape) {
    for (int s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException(
            op
                + ": trying to create tensor with negative dimension "
                + s
                + ": "
                + Shapes.str(shape));
      }
    }
    return Shapes.numel(shape);
  }

  /**
   * A new tensor of {@code shape} with every element {@code value} (cast to {@code dtype}).
   *
   * {@snippet :
   * Tensor x = CreationOps.full(0.5, DType.FLOAT64, 4);
   * }
   */
  public static Tensor full(double value, DType dtype, int... shape) {
    Tensor out = empty(dtype, shape);
    Backends.of(Device.CPU).fill(out, value);
    return out;
  }

  /**
   * A new tensor of zeros, as {@code full(0, ...)}.
   *
   * {@snippet :
   * Tensor x = CreationOps.zeros(DType.INT32, 3);
   * }
   */
  public static Tensor zeros(DType dtype, int... shape) {
    // zero-filled storage: no separate fill pass (W3's max-pool gradients, 3.8 % of the step)
    return Tensor.wrap(Storage.allocate(dtype, checkedNumel("zeros", shape)), dtype, shape);
  }

  /**
   * ones: {@code full(1, ...)}.
   *
   * {@snippet :
   * Tensor x = CreationOps.ones(DType.BOOL, 3);
   * }
   */
  public static Tensor ones(DType dtype, int... shape) {
    return full(1, dtype, shape);
  }

  /**
   * Integers {@code start, start + step, ...} below {@code end} (above it for a negative step); the
   * length is {@code ceil((end - start) / step)}, computed exactly in integers.
   *
   * {@snippet :
   * Tensor x = CreationOps.arange(0, 10, 3, DType.INT64);   // [0, 3, 6, 9]
   * }
   */
  public static Tensor arange(long start, long end, long step, DType dtype) {
    checkRange(start, end, step);
    long sign = Long.signum(step);
    long n = (end - start + step - sign) / step;
    Tensor out = empty(dtype, checkedLength("arange", n));
    Storage s = out.storage();
    for (int i = 0; i < out.numel(); i++) {
      s.setLong(i, start + step * i, dtype);
    }
    return out;
  }

  /**
   * Values {@code start + i * step} (computed in float64, then cast) for {@code i < ceil((end -
   * start) / step)}.
   *
   * {@snippet :
   * Tensor x = CreationOps.arange(0, 1, 0.25, DType.FLOAT32);   // [0, 0.25, 0.5, 0.75]
   * }
   */
  public static Tensor arange(double start, double end, double step, DType dtype) {
    checkRange(start, end, step);
    if (!Double.isFinite(start) || !Double.isFinite(end)) {
      throw new IllegalArgumentException(
          "arange: unsupported range: " + start + " -> " + end + " (expected finite bounds)");
    }
    double n = Math.ceil((end - start) / step);
    Tensor out = empty(dtype, checkedLength("arange", n));
    Storage s = out.storage();
    for (int i = 0; i < out.numel(); i++) {
      s.setDouble(i, start + step * i, dtype);
    }
    return out;
  }

  private static void checkRange(double start, double end, double step) {
    if (step == 0) {
      throw new IllegalArgumentException("arange: step must be nonzero");
    }
    if (step > 0 && end < start || step < 0 && end > start) {
      throw new IllegalArgumentException(
          "arange: upper bound and larger bound inconsistent with step sign (start "
              + start
              + ", end "
              + end
              + ", step "
              + step
              + ")");
    }
  }

  private static int checkedLength(String op, double n) {
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          op + ": the result would have " + (long) n + " elements, more than a tensor can hold");
    }
    return (int) Math.max(n, 0);
  }

  /**
   * {@code steps} values evenly spaced from {@code start} to {@code end}, bit for bit as PyTorch
   * 1.13's AVX2 CPU kernel computes them: the first half counts up from {@code start} and the
   * second half down from {@code end} (both ends exact), in float32 arithmetic for float32 and
   * float64 arithmetic otherwise; integer dtypes truncate the ends first and the values after.
   *
   * {@snippet :
   * Tensor x = CreationOps.linspace(-1, 1, 5, DType.FLOAT32);   // [-1, -0.5, 0, 0.5, 1]
   * }
   */
  public static Tensor linspace(double start, double end, int steps, DType dtype) {
    checkSteps("linspace", steps);
    Tensor out = empty(dtype, steps);
    boolean integral = !dtype.isFloatingPoint();
    boolean single = dtype == DType.FLOAT32 || dtype.isReducedFloat();
    double a = integral ? (long) start : round(start, single);
    double b = integral ? (long) end : round(end, single);
    double[] v = steps == 1 ? new double[] {a} : linspaceValues(a, b, steps, single, integral);
    for (int i = 0; i < steps; i++) {
      out.storage().setDouble(i, v[i], dtype);
    }
    return out;
  }

  /**
   * PyTorch's linspace arithmetic. Its vectorized loop handles blocks of two vectors (8 floats or 4
   * doubles per AVX2 vector): each vector's first element comes from an end by a fused
   * multiply-add, the others add {@code j * step} to it; the tail takes the scalar formula.
   */
  private static double[] linspaceValues(
      double a, double b, int steps, boolean single, boolean integral) {
    int lanes = integral ? 1 : single ? 8 : 4;
    int vectorEnd = integral ? 0 : steps / (2 * lanes) * (2 * lanes);
    double step = round(round(b - a, single) / (steps - 1), single);
    int half = steps / 2;
    double[] out = new double[steps];
    for (int i = 0; i < steps; i++) {
      int i0 = i < vectorEnd ? i - i % lanes : i;
      double base = i0 < half ? fma(step, i0, a, single) : fma(-step, steps - i0 - 1, b, single);
      out[i] = i == i0 ? base : round(base + round(step * (i - i0), single), single);
    }
    return out;
  }

  private static double round(double v, boolean single) {
    return single ? (float) v : v;
  }

  private static double fma(double x, double y, double z, boolean single) {
    return single ? Math.fma((float) x, (float) y, (float) z) : Math.fma(x, y, z);
  }

  /**
   * {@code steps} values {@code base^e} for exponents evenly spaced from {@code start} to {@code
   * end}, as PyTorch 1.13 computes them: the ends are first cast to {@code dtype}, exponents are
   * {@code start + i * step} for the first half and {@code end - (steps - 1 - i) * step} for the
   * second, in float64, and {@code pow} runs in float64.
   *
   * {@snippet :
   * Tensor x = CreationOps.logspace(0, 2, 3, 10, DType.FLOAT32);   // [1, 10, 100]
   * }
   */
  public static Tensor logspace(double start, double end, int steps, double base, DType dtype) {
    checkSteps("logspace", steps);
    Tensor out = empty(dtype, steps);
    if (steps == 1) {
      out.storage().setDouble(0, Math.pow(base, start), dtype);
      return out;
    }
    double a = cast(start, dtype);
    double b = cast(end, dtype);
    double step = cast(b - a, dtype) / (steps - 1);
    int half = steps / 2;
    for (int i = 0; i < steps; i++) {
      double e = i < half ? a + step * i : b - step * (steps - i - 1);
      out.storage().setDouble(i, Math.pow(base, e), dtype);
    }
    return out;
  }

  /** {@code v} converted to {@code dtype} and back, as a C++ cast to the element type does. */
  private static double cast(double v, DType dtype) {
    Storage one = Storage.allocate(dtype, 1);
    one.setDouble(0, v, dtype);
    return one.getDouble(0, dtype);
  }

  private static void checkSteps(String op, int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException(
          op + ": number of steps must be non-negative, got " + steps);
    }
  }

  /**
   * An {@code n x m} matrix with ones on the main diagonal and zeros elsewhere.
   *
   * {@snippet :
   * Tensor i = CreationOps.eye(2, 3, DType.FLOAT32);
   * }
   */
  public static Tensor eye(int n, int m, DType dtype) {
    if (n < 0 || m < 0) {
      throw new IllegalArgumentException(
          "eye: expected non-negative sizes, got n = " + n + ", m = " + m);
    }
    Tensor out = zeros(dtype, n, m);
    out.diagonal().fill_(1);
    return out;
  }

  /**
   * A new tensor with {@code like}'s shape and dtype (contents zero).
   *
   * {@snippet :
   * Tensor y = CreationOps.emptyLike(x);
   * }
   */
  public static Tensor emptyLike(Tensor like) {
    return empty(like.dtype(), like.shape());
  }

  /**
   * A tensor of {@code like}'s shape and dtype filled with {@code value}.
   *
   * {@snippet :
   * Tensor y = CreationOps.fullLike(x, 3);
   * }
   */
  public static Tensor fullLike(Tensor like, double value) {
    return full(value, like.dtype(), like.shape());
  }

  /**
   * Zeros of {@code like}'s shape and dtype.
   *
   * {@snippet :
   * Tensor y = CreationOps.zerosLike(x);
   * }
   */
  public static Tensor zerosLike(Tensor like) {
    return fullLike(like, 0);
  }

  /**
   * Ones of {@code like}'s shape and dtype.
   *
   * {@snippet :
   * Tensor y = CreationOps.onesLike(x);
   * }
   */
  public static Tensor onesLike(Tensor like) {
    return fullLike(like, 1);
  }
}
