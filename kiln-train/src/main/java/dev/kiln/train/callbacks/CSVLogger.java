package dev.kiln.train.callbacks;

import dev.kiln.train.Callback;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch (Keras's {@code CSVLogger}): a header {@code epoch,loss,...} and the
 * epoch (0-based) with every log value, flushed after each row. With {@code append}, rows are added
 * to an existing file (the header is written only if the file is new or empty), e.g. for a resumed
 * run.
 */
public final class CSVLogger extends Callback {
  private final Path file;
  private final boolean append;
  private final String separator;
  private BufferedWriter out;
  private List<String> columns;

  /** Overwrites {@code file} at the start of training, comma-separated. */
  public CSVLogger(Path file) {
    this(file, false, ",");
  }

  /** Writes {@code file}, appending when {@code append}, with {@code separator}. */
  public CSVLogger(Path file, boolean append, String separator) {
    this.file = file;
    this.append = append;
    this.separator = separator;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      boolean fresh = !append || !Files.exists(file) || Files.size(file) == 0;
      out =
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
      columns = fresh ? null : readHeader();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot open " + file, e);
    }
  }

  private List<String> readHeader() throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      String header = lines.findFirst().orElse("");
      List<String> cols =
          new ArrayList<>(List.of(header.split(java.util.regex.Pattern.quote(separator))));
      cols.removeFirst(); // "epoch"
      return cols;
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    try {
      if (columns == null) {
        columns = List.copyOf(logs.keySet());
        out.write("epoch" + separator + String.join(separator, columns));
        out.newLine();
      }
      StringBuilder row = new StringBuilder(Integer.toString(epoch));
      for (String c : columns) {
        Double v = logs.get(c);
        row.append(separator).append(v == null ? "" : Double.toString(v));
      }
      out.write(row.toString());
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot write " + file, e);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot close " + file, e);
    } finally {
      out = null;
    }
  }
}
