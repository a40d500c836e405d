package dev.kiln.data.io;

import dev.kiln.data.CloseableIterator;
import dev.kiln.data.Dataset;
import dev.kiln.data.IterableDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/** Plain UTF-8 text files, one sample per line. */
public final class TextLines {
  private TextLines() {}

  /** All lines of {@code path}, read now, as a map-style dataset. */
  public static Dataset<String> read(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    return Dataset.of(lines.size(), lines::get);
  }

  /**
   * The lines of {@code path}, read lazily on each pass (for files too large to hold); each pass
   * opens the file and closes it at the end, or when its iterator (a {@link CloseableIterator}) is
   * closed early.
   */
  public static IterableDataset<String> stream(Path path) {
    return () -> {
      BufferedReader reader;
      try {
        reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("TextLines: cannot open " + path, e);
      }
      return new CloseableIterator<String>() {
        private String next = advance();

        @Override
        public void close() {
          next = null;
          try {
            reader.close();
          } catch (IOException e) {
            throw new UncheckedIOException("TextLines: cannot close " + path, e);
          }
        }

        private String advance() {
          try {
            String line = reader.readLine();
            if (line == null) {
              reader.close();
            }
            return line;
          } catch (IOException e) {
            throw new UncheckedIOException("TextLines: cannot read " + path, e);
          }
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public String next() {
          if (next == null) {
            throw new NoSuchElementException("TextLines: past the end of " + path);
          }
          String line = next;
          next = advance();
          return line;
        }
      };
    };
  }
}
