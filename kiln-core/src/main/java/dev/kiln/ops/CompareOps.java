package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Elementwise predicates and logic built from other ops: NaN/inf tests, {@code isclose}, {@code
 * allclose}, {@code equal}, and the logical and bitwise not.
 */
public final class CompareOps {
  private CompareOps() {}

  public static final CompositeOp ISNAN = new CompositeOp("isnan", false);
  public static final CompositeOp ISINF = new CompositeOp("isinf", false);
  public static final CompositeOp ISFINITE = new CompositeOp("isfinite", false);
  public static final CompositeOp ISCLOSE = new CompositeOp("isclose", false);
  public static final CompositeOp ALLCLOSE = new CompositeOp("allclose", false);
  public static final CompositeOp EQUAL = new CompositeOp("equal", false);
  public static final CompositeOp LOGICAL_NOT = new CompositeOp("logicalNot", false);
  public static final CompositeOp BITWISE_NOT = new CompositeOp("bitwiseNot", false);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(ISNAN, ISINF, ISFINITE, ISCLOSE, ALLCLOSE, EQUAL, LOGICAL_NOT, BITWISE_NOT);

  private static final Tensor INF = Tensor.wrapNumber(Double.POSITIVE_INFINITY);

  /** True where {@code x} is NaN (never for integer and bool tensors). */
  public static Tensor isnan(Tensor x) {
    return BinaryOps.NE.apply(x, x);
  }

  /** True where {@code x} is +inf or -inf. */
  public static Tensor isinf(Tensor x) {
    if (!x.dtype().isFloatingPoint()) {
      return Tensor.zeros(DType.BOOL, x.shape());
    }
    return BinaryOps.EQ.apply(UnaryOps.ABS.apply(x), INF);
  }

  /** True where {@code x} is neither NaN nor infinite. */
  public static Tensor isfinite(Tensor x) {
    if (!x.dtype().isFloatingPoint()) {
      return Tensor.ones(DType.BOOL, x.shape());
    }
    return BinaryOps.LT.apply(UnaryOps.ABS.apply(x), INF);
  }

  /**
   * True where {@code |a - b| <= atol + |rtol * b|}, or where {@code a == b} (infinities included),
   * or where both are NaN when {@code equalNan}. {@code a} and {@code b} must share a dtype.
   */
  public static Tensor isclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          "isclose: expected both tensors to have one dtype, got "
              + a.dtype()
              + " and "
              + b.dtype());
    }
    if (!(rtol >= 0) || !(atol >= 0)) {
      throw new IllegalArgumentException(
          "isclose: expected non-negative rtol and atol, got rtol " + rtol + " and atol " + atol);
    }
    Tensor close = BinaryOps.EQ.apply(a, b);
    if (equalNan && a.dtype().isFloatingPoint()) {
      close = BinaryOps.LOGICAL_OR.apply(close, BinaryOps.LOGICAL_AND.apply(isnan(a), isnan(b)));
    }
    if (rtol == 0 && atol == 0) {
      return close;
    }
    Tensor fa = a.dtype() == DType.BOOL ? a.to(DType.FLOAT32) : a;
    Tensor fb = b.dtype() == DType.BOOL ? b.to(DType.FLOAT32) : b;
    Tensor allowed =
        BinaryOps.ADD.apply(
            Tensor.wrapNumber(atol),
            UnaryOps.ABS.apply(BinaryOps.MUL.apply(Tensor.wrapNumber(rtol), fb)));
    Tensor actual = UnaryOps.ABS.apply(BinaryOps.SUB.apply(fa, fb));
    Tensor within =
        BinaryOps.LOGICAL_AND.apply(isfinite(actual), BinaryOps.LE.apply(actual, allowed));
    return BinaryOps.LOGICAL_OR.apply(close, within);
  }

  /** Whether {@link #isclose} holds for every element (after broadcasting). */
  public static boolean allclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
    return allTrue(isclose(a, b, rtol, atol, equalNan));
  }

  /** Whether {@code a} and {@code b} have the same shape and equal elements. */
  public static boolean equal(Tensor a, Tensor b) {
    return Arrays.equals(a.shape(), b.shape()) && allTrue(BinaryOps.EQ.apply(a, b));
  }

  private static boolean allTrue(Tensor mask) {
    for (boolean v : mask.toBooleanArray()) {
      if (!v) {
        return false;
      }
    }
    return true;
  }

  /** True where {@code x} is zero (false, 0 or ±0.0); NaN counts as true-ish, giving false. */
  public static Tensor logicalNot(Tensor x) {
    return BinaryOps.EQ.apply(x, Tensor.wrapNumber(false));
  }

  /** {@code ~x}: flips every bit of an integer tensor, negates a bool tensor. */
  public static Tensor bitwiseNot(Tensor x) {
    if (x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "bitwiseNot: expected an integer or bool tensor, got dtype " + x.dtype());
    }
    Tensor ones = x.dtype() == DType.BOOL ? Tensor.wrapNumber(true) : Tensor.wrapNumber(-1L);
    return BinaryOps.BITWISE_XOR.apply(x, ones);
  }
}
