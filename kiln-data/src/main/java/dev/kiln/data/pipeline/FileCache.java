package dev.kiln.data.pipeline;

import dev.kiln.data.CloseableIterator;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/**
 * {@link Pipeline#cache(Path)}: the first complete pass is written to a temporary file beside the
 * target and renamed into place at its end; once the file exists, passes read it instead of running
 * upstream. A pass stopped early leaves no file.
 */
final class FileCache<T> implements Supplier<CloseableIterator<T>> {
  private static final int MAGIC = 0x4B444331; // "KDC1"

  private final Supplier<CloseableIterator<T>> source;
  private final Path file;

  FileCache(Supplier<CloseableIterator<T>> source, Path file) {
    this.source = source;
    this.file = file;
  }

  @Override
  public CloseableIterator<T> get() {
    try {
      return Files.exists(file) ? read() : record();
    } catch (IOException e) {
      throw new UncheckedIOException("cache: cannot use " + file + ": " + e.getMessage(), e);
    }
  }

  private CloseableIterator<T> read() throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
    int magic = in.readInt();
    if (magic != MAGIC) {
      in.close();
      throw new IOException(String.format("bad cache magic 0x%08X at offset 0 of %s", magic, file));
    }
    AutoCloseable closer = in;
    return new Stage<>(closer) {
      @Override
      @SuppressWarnings("unchecked")
      void advance() {
        try {
          if (in.readBoolean()) {
            emit((T) ElementCodec.read(in));
          } else {
            finish();
            in.close();
          }
        } catch (EOFException e) {
          throw new UncheckedIOException("cache: " + file + " is truncated", e);
        } catch (IOException e) {
          throw new UncheckedIOException("cache: cannot read " + file, e);
        }
      }
    };
  }

  private CloseableIterator<T> record() throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
    DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)));
    out.writeInt(MAGIC);
    CloseableIterator<T> upstream = source.get();
    return new Stage<>(upstream) {
      private boolean complete;

      @Override
      void advance() {
        try {
          if (upstream.hasNext()) {
            T x = upstream.next();
            out.writeBoolean(true);
            ElementCodec.write(out, x);
            emit(x);
          } else {
            out.writeBoolean(false);
            out.close();
            Files.move(
                tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            complete = true;
            finish();
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cache: cannot write " + tmp, e);
        }
      }

      @Override
      public void close() {
        super.close();
        if (!complete) {
          try {
            out.close();
            Files.deleteIfExists(tmp);
          } catch (IOException e) {
            throw new UncheckedIOException("cache: cannot remove " + tmp, e);
          }
        }
      }
    };
  }
}
