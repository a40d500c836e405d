package dev.kiln.data.builtin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the numeric CSV resources bundled in this package (plain or {@code .gz}): the rows after
 * {@code skipLines} header lines, each parsed to doubles.
 */
final class BundledCsv {
  private BundledCsv() {}

  static double[][] rows(String resource, int skipLines, int width) {
    try (InputStream raw = BundledCsv.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException(
            "bundled dataset resource " + resource + " is missing from the jar");
      }
      InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      List<double[]> out = new ArrayList<>();
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        if (++lineNo <= skipLines || line.isBlank()) {
          continue;
        }
        String[] f = line.split(",");
        if (f.length != width) {
          throw new IllegalStateException(
              resource + " line " + lineNo + ": " + f.length + " fields, expected " + width);
        }
        double[] row = new double[width];
        for (int i = 0; i < width; i++) {
          row[i] = Double.parseDouble(f[i]);
        }
        out.add(row);
      }
      return out.toArray(double[][]::new);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled resource " + resource, e);
    }
  }
}
