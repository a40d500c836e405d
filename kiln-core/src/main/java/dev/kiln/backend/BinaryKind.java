package dev.kiln.backend;

/**
 * The closed set of elementwise binary primitive kernels, each with its double-precision reference
 * and, where defined on integers, its integer form. Comparison and logical kinds produce 0 or 1.
 */
public enum BinaryKind {
  ADD((a, b) -> a + b, Long::sum),
  SUB((a, b) -> a - b, (a, b) -> a - b),
  MUL((a, b) -> a * b, (a, b) -> a * b),
  DIV((a, b) -> a / b, null),
  /** Division rounded toward zero (PyTorch's {@code rounding_mode="trunc"}). */
  DIV_TRUNC(BinaryKind::divTrunc, (a, b) -> a / checkDivisor(b)),
  FLOOR_DIVIDE(BinaryKind::floorDivide, BinaryKind::floorDivideLong),
  REMAINDER(BinaryKind::remainder, BinaryKind::remainderLong),
  FMOD((a, b) -> a % b, BinaryKind::fmodLong),
  POW(BinaryKind::pow, BinaryKind::powLong),
  ATAN2(Math::atan2, null),
  MAXIMUM(Math::max, Math::max),
  MINIMUM(Math::min, Math::min),
  /**
   * ReLU's backward, {@code (grad, output) -> output <= 0 ? 0 : grad} (PyTorch's {@code
   * threshold_backward} at 0): one pass, where {@code grad * (output > 0)} made three (a bool
   * compare, a bool-to-float copy, a multiply). A NaN output passes the gradient, as in PyTorch.
   */
  RELU_BACKWARD((g, y) -> y <= 0 ? 0 : g, null),
  EQ((a, b) -> a == b ? 1 : 0, (a, b) -> a == b ? 1 : 0),
  NE((a, b) -> a != b ? 1 : 0, (a, b) -> a != b ? 1 : 0),
  LT((a, b) -> a < b ? 1 : 0, (a, b) -> a < b ? 1 : 0),
  LE((a, b) -> a <= b ? 1 : 0, (a, b) -> a <= b ? 1 : 0),
  GT((a, b) -> a > b ? 1 : 0, (a, b) -> a > b ? 1 : 0),
  GE((a, b) -> a >= b ? 1 : 0, (a, b) -> a >= b ? 1 : 0),
  LOGICAL_AND((a, b) -> a != 0 && b != 0 ? 1 : 0, (a, b) -> a != 0 && b != 0 ? 1 : 0),
  LOGICAL_OR((a, b) -> a != 0 || b != 0 ? 1 : 0, (a, b) -> a != 0 || b != 0 ? 1 : 0),
  LOGICAL_XOR((a, b) -> (a != 0) != (b != 0) ? 1 : 0, (a, b) -> (a != 0) != (b != 0) ? 1 : 0),
  BITWISE_AND(null, (a, b) -> a & b),
  BITWISE_OR(null, (a, b) -> a | b),
  BITWISE_XOR(null, (a, b) -> a ^ b);

  private final java.util.function.DoubleBinaryOperator fn;
  private final java.util.function.LongBinaryOperator longFn;

  BinaryKind(
      java.util.function.DoubleBinaryOperator fn, java.util.function.LongBinaryOperator longFn) {
    this.fn = fn;
    this.longFn = longFn;
  }

  /** The reference value on floating-point operands. */
  public double apply(double a, double b) {
    return fn.applyAsDouble(a, b);
  }

  /** The value on integer operands; only where {@link #supportsIntegers()}. */
  public long applyLong(long a, long b) {
    return longFn.applyAsLong(a, b);
  }

  /** Whether the kernel is defined on floating-point operands. */
  public boolean supportsFloats() {
    return fn != null;
  }

  /** Whether the kernel is defined on integer operands. */
  public boolean supportsIntegers() {
    return longFn != null;
  }

  /** Whether the result is a truth value (stored as bool). */
  public boolean isPredicate() {
    return ordinal() >= EQ.ordinal() && ordinal() <= LOGICAL_XOR.ordinal();
  }

  private static double floorDivide(double a, double b) {
    if (b == 0) {
      return a / b;
    }
    double mod = a % b;
    double div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) {
      div -= 1;
    }
    if (div == 0) {
      return Math.copySign(0, a / b);
    }
    double floor = Math.floor(div);
    return div - floor > 0.5 ? floor + 1 : floor;
  }

  private static double remainder(double a, double b) {
    double mod = a % b;
    if (mod != 0 && (b < 0) != (mod < 0)) {
      mod += b;
    }
    return mod;
  }

  private static double divTrunc(double a, double b) {
    double q = a / b;
    return q < 0 ? Math.ceil(q) : Math.floor(q);
  }

  /** C's pow: unlike {@link Math#pow}, 1^y is 1 for every y and (-1)^(±inf) is 1. */
  private static double pow(double base, double exp) {
    if (base == 1 || (base == -1 && Double.isInfinite(exp))) {
      return 1;
    }
    return Math.pow(base, exp);
  }

  private static long checkDivisor(long b) {
    if (b == 0) {
      throw new ArithmeticException("ZeroDivisionError (integer division or modulo by zero)");
    }
    return b;
  }

  private static long floorDivideLong(long a, long b) {
    return Math.floorDiv(a, checkDivisor(b));
  }

  private static long remainderLong(long a, long b) {
    return Math.floorMod(a, checkDivisor(b));
  }

  private static long fmodLong(long a, long b) {
    return a % checkDivisor(b);
  }

  private static long powLong(long base, long exp) {
    if (exp < 0) {
      if (base == 1) {
        return 1;
      }
      if (base == -1) {
        return (exp & 1) == 0 ? 1 : -1;
      }
      return 0;
    }
    long result = 1;
    long b = base;
    long e = exp;
    while (e > 0) {
      if ((e & 1) == 1) {
        result *= b;
      }
      b *= b;
      e >>= 1;
    }
    return result;
  }
}
