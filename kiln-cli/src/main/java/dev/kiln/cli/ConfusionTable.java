package dev.kiln.cli;

/** A confusion matrix as an aligned text table, rows = true class, columns = predicted. */
final class ConfusionTable {
  private ConfusionTable() {}

  static String render(long[][] matrix) {
    int width = 3;
    for (long[] row : matrix) {
      for (long v : row) {
        width = Math.max(width, Long.toString(v).length() + 1);
      }
    }
    StringBuilder sb = new StringBuilder("     ");
    for (int c = 0; c < matrix.length; c++) {
      sb.append(pad(Integer.toString(c), width));
    }
    sb.append('\n');
    for (int r = 0; r < matrix.length; r++) {
      sb.append(pad(Integer.toString(r), 3)).append("  ");
      for (long v : matrix[r]) {
        sb.append(pad(v == 0 ? "." : Long.toString(v), width));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }
}
