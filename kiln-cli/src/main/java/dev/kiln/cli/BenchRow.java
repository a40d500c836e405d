package dev.kiln.cli;

import dev.kiln.bench.workloads.Protocol;
import java.util.Locale;

/**
 * One row of {@code kiln bench}'s table: Kiln's figure for a workload (median and the range of the
 * samples the noise filter kept), the limit measured in the same run, their ratio and the issue's
 * target with its verdict.
 *
 * @param id the workload's row id ({@code w1_512}, {@code w5_sum}, ...)
 * @param unit how the figure is derived from seconds per step
 * @param work flops (GFLOP/s) or bytes (GB/s) per step; unused for times
 * @param kiln Kiln's samples
 * @param limitName what the limit is ("OpenBLAS direct", "arraycopy"), or "" for none
 * @param limitFigure the limit in {@code unit}, NaN for none
 * @param limitNoisy whether the limit's samples were flagged by the noise filter
 * @param target what the issue asks of this row
 * @param pairedRatio the median of the per-round ratios Kiln ÷ limit ({@link Protocol#pairedRatio},
 *     scaled by the work per step), NaN to use the ratio of the medians
 */
record BenchRow(
    String id,
    Unit unit,
    long work,
    Protocol.Result kiln,
    String limitName,
    double limitFigure,
    boolean limitNoisy,
    Target target,
    double pairedRatio) {

  /** A row whose ratio is that of the two medians. */
  BenchRow(
      String id,
      Unit unit,
      long work,
      Protocol.Result kiln,
      String limitName,
      double limitFigure,
      boolean limitNoisy,
      Target target) {
    this(id, unit, work, kiln, limitName, limitFigure, limitNoisy, target, Double.NaN);
  }

  /** How a row's figure is derived from seconds per step. */
  enum Unit {
    /** {@code work / seconds / 1e9} (W1). */
    GFLOPS("GFLOP/s"),
    /** {@code work / seconds / 1e9} (W5). */
    GBS("GB/s"),
    /** Seconds per step, printed in ms or µs (W2–W4). */
    TIME("");

    final String label;

    Unit(String label) {
      this.label = label;
    }
  }

  /**
   * What the issue asks of a row: Kiln ÷ limit at least {@code value} ({@code MIN_RATIO}), at most
   * {@code value} seconds per step ({@code MAX_SECONDS}), a ratio to PyTorch that this command does
   * not measure ({@code PYTORCH}), or nothing ({@code NONE}).
   */
  record Target(Kind kind, double value) {
    enum Kind {
      MIN_RATIO,
      MAX_SECONDS,
      PYTORCH,
      NONE
    }

    static final Target NONE = new Target(Kind.NONE, Double.NaN);

    String text(String limitName) {
      return switch (kind) {
        case MIN_RATIO -> String.format(Locale.ROOT, ">= %.2f x %s", value, limitName);
        case MAX_SECONDS -> "<= " + time(value);
        case PYTORCH -> String.format(Locale.ROOT, "<= %.1f x PyTorch", value);
        case NONE -> "-";
      };
    }
  }

  /** Kiln's figure from its median: GFLOP/s, GB/s or seconds. */
  double figure() {
    return figure(kiln.median());
  }

  private double figure(double seconds) {
    return unit == Unit.TIME ? seconds : work / seconds / 1e9;
  }

  /** The smaller end of the kept samples' range in the figure's unit (throughput: slowest). */
  double low() {
    return unit == Unit.TIME ? kiln.min() : figure(kiln.max());
  }

  /** The larger end of the kept samples' range in the figure's unit. */
  double high() {
    return unit == Unit.TIME ? kiln.max() : figure(kiln.min());
  }

  /**
   * Kiln ÷ the limit: the paired ratio when there is one, else the medians'; NaN without a limit.
   */
  double ratio() {
    if (unit == Unit.TIME) {
      return Double.NaN;
    }
    return Double.isNaN(pairedRatio) ? figure() / limitFigure : pairedRatio;
  }

  /** "met", "missed", where the PyTorch side comes from, or "-" without a target. */
  String verdict() {
    return switch (target.kind()) {
      case MIN_RATIO ->
          Double.isNaN(ratio()) ? "no limit" : ratio() >= target.value() ? "met" : "missed";
      case MAX_SECONDS -> figure() <= target.value() ? "met" : "missed";
      case PYTORCH -> "PyTorch side: kiln-bench/scripts/compare.sh";
      case NONE -> "-";
    };
  }

  /**
   * Kiln's median and the kept range, in the median's unit: "212.3 GFLOP/s (190.1-215.2)", "8.21 ms
   * (8.02-8.93)".
   */
  String kilnText() {
    if (unit == Unit.TIME) {
      boolean micro = figure() < 1e-3;
      double scale = micro ? 1e6 : 1e3;
      return String.format(
          Locale.ROOT,
          micro ? "%.1f µs (%.1f-%.1f)" : "%.2f ms (%.2f-%.2f)",
          figure() * scale,
          low() * scale,
          high() * scale);
    }
    return String.format(Locale.ROOT, "%.1f %s (%.1f-%.1f)", figure(), unit.label, low(), high());
  }

  /** The limit with its name and unit, or "-". */
  String limitText() {
    return Double.isNaN(limitFigure)
        ? "-"
        : String.format(Locale.ROOT, "%s %.1f %s", limitName, limitFigure, unit.label);
  }

  /** The ratio to two decimals, or "-". */
  String ratioText() {
    return Double.isNaN(ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", ratio());
  }

  /** Whether the noise filter flagged Kiln's or the limit's samples. */
  boolean noisy() {
    return kiln.flagged() || limitNoisy;
  }

  /** Seconds as "8.21 ms" or "88.4 µs". */
  static String time(double seconds) {
    return seconds < 1e-3
        ? String.format(Locale.ROOT, "%.1f µs", seconds * 1e6)
        : String.format(Locale.ROOT, "%.2f ms", seconds * 1e3);
  }
}
