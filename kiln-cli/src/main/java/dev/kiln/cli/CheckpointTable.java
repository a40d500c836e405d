package dev.kiln.cli;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A state dict grouped by module path ({@code features.0.weight} belongs to {@code features.0}),
 * rendered as a table of modules, their tensors' shapes and parameter counts.
 */
record CheckpointTable(Map<String, List<Entry>> modules) {
  /** One stored tensor: its name within the module, shape, dtype and element count. */
  record Entry(String name, int[] shape, String dtype, long count) {}

  static CheckpointTable of(Map<String, Tensor> stateDict) {
    Map<String, List<Entry>> modules = new LinkedHashMap<>();
    stateDict.keySet().stream()
        .sorted(CheckpointTable::compareKeys)
        .forEach(
            key -> {
              Tensor t = stateDict.get(key);
              int dot = key.lastIndexOf('.');
              String module = dot < 0 ? "" : key.substring(0, dot);
              modules
                  .computeIfAbsent(module, m -> new ArrayList<>())
                  .add(
                      new Entry(
                          key.substring(dot + 1),
                          t.shape(),
                          t.dtype().toString().toLowerCase(Locale.ROOT),
                          t.numel()));
            });
    return new CheckpointTable(modules);
  }

  /** Orders keys by path, comparing numeric segments as numbers ({@code 2} before {@code 10}). */
  private static int compareKeys(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c =
          x[i].matches("\\d+") && y[i].matches("\\d+")
              ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
              : x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  String render(String title) {
    List<String[]> rows = new ArrayList<>();
    long total = 0;
    for (var module : modules.entrySet()) {
      for (Entry e : module.getValue()) {
        rows.add(
            new String[] {
              module.getKey().isEmpty() ? "(root)" : module.getKey(),
              e.name(),
              Arrays.toString(e.shape()),
              e.dtype(),
              String.format(Locale.ROOT, "%,d", e.count())
            });
        total += e.count();
      }
    }
    String[] header = {"module", "tensor", "shape", "dtype", "values"};
    int[] width = new int[header.length];
    for (String[] r : rowsWith(header, rows)) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder(title).append('\n');
    String rule = "-".repeat(Arrays.stream(width).sum() + 2 * (width.length - 1)) + "\n";
    sb.append(line(header, width)).append(rule);
    for (String[] r : rows) {
      sb.append(line(r, width));
    }
    sb.append(rule)
        .append(
            String.format(
                Locale.ROOT,
                "%,d values in %d tensors of %d modules%n",
                total,
                rows.size(),
                modules.size()));
    return sb.toString();
  }

  private static List<String[]> rowsWith(String[] header, List<String[]> rows) {
    List<String[]> all = new ArrayList<>(rows);
    all.add(header);
    return all;
  }

  /** Left-aligned cells, except the last (a count), which is right-aligned. */
  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    int last = cells.length - 1;
    for (int i = 0; i < last; i++) {
      sb.append(cells[i]).append(" ".repeat(width[i] - cells[i].length() + 2));
    }
    sb.append(" ".repeat(width[last] - cells[last].length())).append(cells[last]);
    return sb.toString().stripTrailing() + "\n";
  }
}
