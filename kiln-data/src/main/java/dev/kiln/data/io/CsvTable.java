package dev.kiln.data.io;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows {@link Csv} read, column-typed: take numeric columns as a float tensor, category columns
 * as integer codes, string columns as text.
 */
public final class CsvTable {
  private final Map<String, Csv.Type> types;
  private final List<String> names;
  private final List<Object[]> rows;

  CsvTable(Map<String, Csv.Type> types, List<Object[]> rows) {
    this.types = new LinkedHashMap<>(types);
    this.names = List.copyOf(types.keySet());
    this.rows = List.copyOf(rows);
  }

  /** Column names, in order. */
  public List<String> columns() {
    return names;
  }

  /** Number of rows kept. */
  public int rows() {
    return rows.size();
  }

  private int column(String name, Csv.Type expected) {
    int k = names.indexOf(name);
    if (k < 0) {
      throw new IllegalArgumentException("CsvTable: no column '" + name + "'; columns: " + names);
    }
    if (types.get(name) != expected) {
      throw new IllegalArgumentException(
          "CsvTable: column '" + name + "' is " + types.get(name) + ", not " + expected);
    }
    return k;
  }

  /** NUMBER columns as float32 {@code [rows, columns.length]}. */
  public Tensor numeric(String... columns) {
    int[] ks = new int[columns.length];
    for (int j = 0; j < columns.length; j++) {
      ks[j] = column(columns[j], Csv.Type.NUMBER);
    }
    float[] out = new float[rows.size() * ks.length];
    for (int r = 0; r < rows.size(); r++) {
      for (int j = 0; j < ks.length; j++) {
        out[r * ks.length + j] = (float) (double) (Double) rows.get(r)[ks[j]];
      }
    }
    return Tensor.wrap(new Storage.FloatStorage(out), DType.FLOAT32, rows.size(), ks.length);
  }

  /** A STRING or CATEGORY column's text values. */
  public List<String> strings(String column) {
    int k = names.indexOf(column);
    if (k < 0 || types.get(column) == Csv.Type.NUMBER) {
      throw new IllegalArgumentException(
          "CsvTable: no STRING/CATEGORY column '" + column + "'; columns: " + types);
    }
    List<String> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add((String) r[k]));
    return out;
  }

  /** The distinct values of a CATEGORY column, in first-seen order: code i means element i. */
  public List<String> categories(String column) {
    column(column, Csv.Type.CATEGORY);
    return strings(column).stream().distinct().toList();
  }

  /** A CATEGORY column as int64 codes {@code [rows]} indexing {@link #categories}. */
  public Tensor codes(String column) {
    List<String> cats = categories(column);
    Map<String, Integer> code = new LinkedHashMap<>();
    cats.forEach(c -> code.put(c, code.size()));
    long[] out = strings(column).stream().mapToLong(code::get).toArray();
    return Tensor.of(out);
  }
}
