package dev.kiln.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Prints {@code kiln bench}'s rows as they are measured, and writes them as TSV. */
final class BenchTable {
  private static final String FORMAT = "%-17s %-34s %-30s %6s  %-26s %s%n";

  private final PrintWriter out;

  BenchTable(PrintWriter out) {
    this.out = out;
  }

  /** The column names. */
  void header() {
    out.printf(
        FORMAT,
        "workload",
        "Kiln median (min-max)",
        "limit (same run)",
        "ratio",
        "target (issue #6)",
        "verdict");
    out.flush();
  }

  /** Prints {@code row} and returns it. */
  BenchRow print(BenchRow row) {
    out.printf(
        FORMAT,
        row.id(),
        row.kilnText(),
        row.limitText(),
        row.ratioText(),
        row.target().text(row.limitName()),
        row.verdict() + (row.noisy() ? " (noisy: fewer than 5 clean samples)" : ""));
    out.flush();
    return row;
  }

  /**
   * Writes the rows to {@code file}: figures in the row's unit (seconds for times), kept and total
   * samples, the limit, the ratio, the target, the verdict and the noise flag.
   */
  static void writeTsv(Path file, List<BenchRow> rows) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
      w.println(
          "id\tunit\tmedian\tmin\tmax\tkept\tsamples\tlimit\tlimit_value\tratio\ttarget\tverdict\tnoisy");
      for (BenchRow r : rows) {
        w.printf(
            Locale.ROOT,
            "%s\t%s\t%.6g\t%.6g\t%.6g\t%d\t%d\t%s\t%.6g\t%.4f\t%s\t%s\t%b%n",
            r.id(),
            r.unit() == BenchRow.Unit.TIME ? "s" : r.unit().label,
            r.figure(),
            r.low(),
            r.high(),
            r.kiln().kept().length,
            r.kiln().samples().size(),
            r.limitName(),
            r.limitFigure(),
            r.ratio(),
            r.target().text(r.limitName()),
            r.verdict(),
            r.noisy());
      }
    }
  }
}
