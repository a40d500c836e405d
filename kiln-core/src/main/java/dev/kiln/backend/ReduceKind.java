package dev.kiln.backend;

/** The closed set of reduction (and scan) primitive kernels. */
public enum ReduceKind {
  SUM(0),
  PROD(1),
  MAX(Double.NEGATIVE_INFINITY),
  MIN(Double.POSITIVE_INFINITY),
  ALL(1),
  ANY(0);

  private final double identity;

  ReduceKind(double identity) {
    this.identity = identity;
  }

  /** The value of the reduction over no elements (MAX and MIN have none; callers refuse). */
  public double identity() {
    return identity;
  }

  /** The identity as an integer: MAX and MIN start from the extreme longs. */
  public long identityLong() {
    return switch (this) {
      case MAX -> Long.MIN_VALUE;
      case MIN -> Long.MAX_VALUE;
      default -> (long) identity;
    };
  }

  /** Combines an accumulator with one more value; MAX and MIN propagate NaN. */
  public double combine(double acc, double v) {
    return switch (this) {
      case SUM -> acc + v;
      case PROD -> acc * v;
      case MAX -> (v > acc || Double.isNaN(v)) && !Double.isNaN(acc) ? v : acc;
      case MIN -> (v < acc || Double.isNaN(v)) && !Double.isNaN(acc) ? v : acc;
      case ALL -> acc != 0 && v != 0 ? 1 : 0;
      case ANY -> acc != 0 || v != 0 ? 1 : 0;
    };
  }

  /** The integer form of {@link #combine}. */
  public long combineLong(long acc, long v) {
    return switch (this) {
      case SUM -> acc + v;
      case PROD -> acc * v;
      case MAX -> Math.max(acc, v);
      case MIN -> Math.min(acc, v);
      case ALL -> acc != 0 && v != 0 ? 1 : 0;
      case ANY -> acc != 0 || v != 0 ? 1 : 0;
    };
  }
}
