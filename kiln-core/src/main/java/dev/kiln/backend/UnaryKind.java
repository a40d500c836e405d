package dev.kiln.backend;

import static dev.kiln.backend.SpecialFunctions.erf;

/**
 * The closed set of elementwise unary primitive kernels. Each constant carries its scalar reference
 * in double precision ({@link #apply}), and, where the op is defined on integers, its integer form
 * ({@link #applyLong}). Up to two parameters ({@code p}, {@code q}) are passed through unchanged
 * (e.g. clamp bounds, a leaky-relu slope).
 */
public enum UnaryKind {
  NEG((x, p, q) -> -x, x -> -x),
  ABS((x, p, q) -> Math.abs(x), Math::abs),
  SIGN((x, p, q) -> (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0), Long::signum),
  EXP((x, p, q) -> Math.exp(x)),
  EXP2((x, p, q) -> Math.pow(2, x)),
  EXPM1((x, p, q) -> Math.expm1(x)),
  LOG((x, p, q) -> Math.log(x)),
  LOG2((x, p, q) -> Math.log(x) / Math.log(2)),
  LOG10((x, p, q) -> Math.log10(x)),
  LOG1P((x, p, q) -> Math.log1p(x)),
  SQRT((x, p, q) -> Math.sqrt(x)),
  RSQRT((x, p, q) -> 1 / Math.sqrt(x)),
  RECIPROCAL((x, p, q) -> 1 / x),
  SIN((x, p, q) -> Math.sin(x)),
  COS((x, p, q) -> Math.cos(x)),
  TAN((x, p, q) -> Math.tan(x)),
  ASIN((x, p, q) -> Math.asin(x)),
  ACOS((x, p, q) -> Math.acos(x)),
  ATAN((x, p, q) -> Math.atan(x)),
  SINH((x, p, q) -> Math.sinh(x)),
  COSH((x, p, q) -> Math.cosh(x)),
  TANH((x, p, q) -> Math.tanh(x)),
  SIGMOID((x, p, q) -> 1 / (1 + Math.exp(-x))),
  /** log(x / (1 - x)), with x clamped to [p, 1 - p] unless p is NaN. */
  LOGIT(
      (x, p, q) -> {
        double z = Double.isNaN(p) ? x : Math.min(Math.max(x, p), 1 - p);
        return Math.log(z / (1 - z));
      }),
  RELU((x, p, q) -> x > 0 ? x : (Double.isNaN(x) ? x : 0), x -> Math.max(x, 0)),
  /** GELU: exact (erf) form when p is 0, tanh approximation otherwise. */
  GELU(
      (x, p, q) ->
          p == 0
              ? 0.5 * x * (1 + erf(x * 0.7071067811865476))
              : 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))),
  SILU((x, p, q) -> x / (1 + Math.exp(-x))),
  MISH((x, p, q) -> x * Math.tanh(x > 20 ? x : Math.log1p(Math.exp(x)))),
  /** softplus with beta p and threshold q. */
  SOFTPLUS((x, p, q) -> x * p > q ? x : Math.log1p(Math.exp(x * p)) / p),
  /** ELU with alpha p and output scale q (SELU is ELU with its two constants). */
  ELU((x, p, q) -> x > 0 ? q * x : q * p * Math.expm1(x)),
  /** leaky relu with negative slope p. */
  LEAKY_RELU((x, p, q) -> x > 0 ? x : x * p),
  HARDSIGMOID((x, p, q) -> Math.min(Math.max(x + 3, 0), 6) / 6),
  HARDSWISH((x, p, q) -> x * Math.min(Math.max(x + 3, 0), 6) / 6),
  /** clamp to [p, q]; NaN stays NaN. */
  CLAMP(
      (x, p, q) -> Math.min(Math.max(x, p), q),
      (x, p, q) -> Math.min(Math.max(x, (long) Math.ceil(p)), (long) Math.floor(q))),
  FLOOR((x, p, q) -> Math.floor(x), x -> x),
  CEIL((x, p, q) -> Math.ceil(x), x -> x),
  /** round half to even, to p decimals. */
  ROUND(UnaryKind::roundDecimals, x -> x),
  TRUNC((x, p, q) -> x < 0 ? Math.ceil(x) : Math.floor(x), x -> x),
  FRAC((x, p, q) -> x - (x < 0 ? Math.ceil(x) : Math.floor(x))),
  ERF((x, p, q) -> erf(x)),
  ERFC((x, p, q) -> SpecialFunctions.erfc(x)),
  ERFINV((x, p, q) -> SpecialFunctions.erfinv(x));

  /** A unary function with two parameters. */
  @FunctionalInterface
  public interface DoubleFn {
    double apply(double x, double p, double q);
  }

  /** A unary integer function with two parameters. */
  @FunctionalInterface
  public interface LongFn {
    long apply(long x, double p, double q);
  }

  private final DoubleFn fn;
  private final LongFn longFn;

  UnaryKind(DoubleFn fn) {
    this(fn, (LongFn) null);
  }

  UnaryKind(DoubleFn fn, java.util.function.LongUnaryOperator longFn) {
    this(fn, (x, p, q) -> longFn.applyAsLong(x));
  }

  UnaryKind(DoubleFn fn, LongFn longFn) {
    this.fn = fn;
    this.longFn = longFn;
  }

  /** The reference value of this function at {@code x}. */
  public double apply(double x, double p, double q) {
    return fn.apply(x, p, q);
  }

  /** The value on an integer input; only where {@link #supportsIntegers()}. */
  public long applyLong(long x, double p, double q) {
    return longFn.apply(x, p, q);
  }

  /** Whether the kernel is defined on floating-point inputs. */
  public boolean supportsFloats() {
    return fn != null;
  }

  /** Whether the kernel is defined on integer inputs without converting them to float. */
  public boolean supportsIntegers() {
    return longFn != null;
  }

  private static double roundDecimals(double x, double decimals, double unused) {
    if (decimals == 0) {
      return Math.rint(x);
    }
    double scale = Math.pow(10, Math.abs(decimals));
    return decimals > 0 ? Math.rint(x * scale) / scale : Math.rint(x / scale) * scale;
  }
}
