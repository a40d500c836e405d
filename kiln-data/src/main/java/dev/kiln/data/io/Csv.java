package dev.kiln.data.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads CSV files into a {@link CsvTable}: a header row (or generated names {@code c0, c1, ...}),
 * an optional choice of columns, a type per column, and a policy for missing values.
 *
 * <pre>{@code
 * CsvTable t = Csv.builder().types(Map.of("species", Csv.Type.CATEGORY))
 *     .missing(Csv.Missing.FILL, 0.0).read(Path.of("iris.csv"));
 * Tensor x = t.numeric("sepal_length", "sepal_width"); // float32 [rows, 2]
 * Tensor y = t.codes("species");                        // int64 [rows]
 * }</pre>
 *
 * <p>Fields follow RFC 4180 within a line: double quotes around a field, {@code ""} for a quote.
 * Errors name the file, line and column.
 */
public final class Csv {
  /** How a column is parsed. */
  public enum Type {
    /** A number (double). */
    NUMBER,
    /** Text, kept as is. */
    STRING,
    /** A label: text mapped to codes 0, 1, ... in first-seen order. */
    CATEGORY
  }

  /** What to do with an empty field or one of the missing tokens. */
  public enum Missing {
    /** Fail naming the file, line and column (the default). */
    ERROR,
    /** Leave the row out. */
    DROP_ROW,
    /** Numbers take the fill value; strings and categories the empty string. */
    FILL
  }

  private Csv() {}

  /** A reader with a header, comma separator, all columns as numbers, missing values an error. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options for reading one CSV file. */
  public static final class Builder {
    private char separator = ',';
    private boolean header = true;
    private List<String> columns;
    private Type defaultType = Type.NUMBER;
    private final Map<String, Type> types = new HashMap<>();
    private Missing missing = Missing.ERROR;
    private double fill = Double.NaN;
    private Set<String> missingTokens = Set.of("", "NA", "NaN", "?");

    private Builder() {}

    /** The field separator (default ','). */
    public Builder separator(char separator) {
      this.separator = separator;
      return this;
    }

    /** Whether the first line names the columns (default true). */
    public Builder header(boolean header) {
      this.header = header;
      return this;
    }

    /** Keep only these columns, in this order (default all). */
    public Builder columns(String... columns) {
      this.columns = List.of(columns);
      return this;
    }

    /** Types of named columns; others take the default type. */
    public Builder types(Map<String, Type> types) {
      this.types.putAll(types);
      return this;
    }

    /** The type of columns not named in {@link #types} (default NUMBER). */
    public Builder defaultType(Type type) {
      this.defaultType = type;
      return this;
    }

    /** The missing-value policy; {@code fill} is used by {@link Missing#FILL} for numbers. */
    public Builder missing(Missing policy, double fill) {
      this.missing = policy;
      this.fill = fill;
      return this;
    }

    /** Field values that mean "missing" (default: empty, NA, NaN, ?). */
    public Builder missingTokens(Set<String> tokens) {
      this.missingTokens = Set.copyOf(tokens);
      return this;
    }

    /** Reads {@code path}. */
    public CsvTable read(Path path) throws IOException {
      try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        return parse(r, path);
      }
    }

    private CsvTable parse(BufferedReader reader, Path path) throws IOException {
      List<String> names = null;
      List<List<String>> raw = new ArrayList<>();
      List<Integer> lineNumbers = new ArrayList<>();
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        List<String> fields = split(line, path, lineNo);
        if (names == null && header) {
          names = fields;
          continue;
        }
        if (names == null) {
          names = new ArrayList<>();
          for (int i = 0; i < fields.size(); i++) {
            names.add("c" + i);
          }
        }
        if (fields.size() != names.size()) {
          throw new DataFormatException(
              path,
              "line " + lineNo + ": " + fields.size() + " fields, the header has " + names.size());
        }
        raw.add(fields);
        lineNumbers.add(lineNo);
      }
      if (names == null) {
        throw new DataFormatException(path, "empty CSV file");
      }
      List<String> selected = columns == null ? names : columns;
      int[] pick = new int[selected.size()];
      for (int k = 0; k < pick.length; k++) {
        pick[k] = names.indexOf(selected.get(k));
        if (pick[k] < 0) {
          throw new DataFormatException(
              path, "no column '" + selected.get(k) + "'; the columns are " + names);
        }
      }
      Map<String, Type> colTypes = new LinkedHashMap<>();
      for (String name : selected) {
        colTypes.put(name, types.getOrDefault(name, defaultType));
      }
      List<Object[]> rows = new ArrayList<>();
      rows:
      for (int r = 0; r < raw.size(); r++) {
        Object[] row = new Object[pick.length];
        for (int k = 0; k < pick.length; k++) {
          String name = selected.get(k);
          String v = raw.get(r).get(pick[k]).strip();
          Type type = colTypes.get(name);
          if (missingTokens.contains(v)) {
            switch (missing) {
              case ERROR ->
                  throw new DataFormatException(
                      path,
                      "line "
                          + lineNumbers.get(r)
                          + ", column '"
                          + name
                          + "': missing value '"
                          + v
                          + "'");
              case DROP_ROW -> {
                continue rows;
              }
              case FILL -> {
                row[k] = type == Type.NUMBER ? (Object) fill : "";
                continue;
              }
            }
          }
          if (type == Type.NUMBER) {
            try {
              row[k] = Double.parseDouble(v);
            } catch (NumberFormatException e) {
              throw new DataFormatException(
                  path,
                  "line "
                      + lineNumbers.get(r)
                      + ", column '"
                      + name
                      + "': '"
                      + v
                      + "' is not a number");
            }
          } else {
            row[k] = v;
          }
        }
        rows.add(row);
      }
      return new CsvTable(colTypes, rows);
    }

    private List<String> split(String line, Path path, int lineNo) throws DataFormatException {
      List<String> out = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == separator) {
          out.add(field.toString());
          field.setLength(0);
        } else {
          field.append(c);
        }
      }
      if (quoted) {
        throw new DataFormatException(path, "line " + lineNo + ": unterminated quoted field");
      }
      out.add(field.toString());
      return out;
    }
  }
}
