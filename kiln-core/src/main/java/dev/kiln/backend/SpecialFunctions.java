package dev.kiln.backend;

/**
 * Special functions the JDK lacks, in double precision: erf, erfc and erfinv. Kernels of every
 * dtype use these as their reference.
 */
public final class SpecialFunctions {
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  private static final double SQRT_PI = 1.7724538509055159;

  private SpecialFunctions() {}

  /** The error function, accurate to a few ulps over the whole line. */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax < 2.5) {
      return Math.copySign(erfSeries(ax), x);
    }
    return Math.copySign(1 - erfcContinuedFraction(ax), x);
  }

  /** The complementary error function 1 - erf(x), accurate in the far tail too. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (x < 0.5) {
      return 1 - erf(x);
    }
    if (x < 2.5) {
      return 1 - erfSeries(x);
    }
    return erfcContinuedFraction(x);
  }

  /** The inverse of erf on (-1, 1); ±inf at ±1 and NaN outside. */
  public static double erfinv(double y) {
    if (Double.isNaN(y) || y < -1 || y > 1) {
      return Double.NaN;
    }
    if (y == 1 || y == -1) {
      return Math.copySign(Double.POSITIVE_INFINITY, y);
    }
    if (y == 0) {
      return y;
    }
    double ay = Math.abs(y);
    // Winitzki's closed form as the start, then Newton steps on erf (or erfc in the tail).
    double a = 0.147;
    double ln = Math.log((1 - ay) * (1 + ay));
    double t = 2 / (Math.PI * a) + ln / 2;
    double x = Math.sqrt(Math.sqrt(t * t - ln / a) - t);
    boolean tail = ay > 0.5;
    double target = tail ? 1 - ay : ay;
    for (int i = 0; i < 6; i++) {
      double f = tail ? target - erfc(x) : erf(x) - target;
      double step = f / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
      x -= step;
      if (Math.abs(step) <= 1e-17 * Math.abs(x)) {
        break;
      }
    }
    return Math.copySign(x, y);
  }

  /** erf(x) for 0 &lt;= x &lt; 2.5 by a series of positive terms (no cancellation). */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 200; n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }

  /** erfc(x) for x &gt;= 2.5 by its continued fraction, evaluated with Lentz's method. */
  private static double erfcContinuedFraction(double x) {
    if (x > 27) {
      return 0;
    }
    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 300; k++) {
      double ak = k / 2.0;
      d = x + ak * d;
      d = d == 0 ? tiny : d;
      c = x + ak / c;
      c = c == 0 ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) / (SQRT_PI * f);
  }
}
