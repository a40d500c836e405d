package dev.kiln.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Writes a file atomically: the bytes go to a temporary file in the target's folder, which is
 * flushed to disk and then renamed over the target. Readers see either the old file or the complete
 * new one; after a failure the old file is untouched and the temporary file is removed.
 */
final class AtomicFile {
  private AtomicFile() {}

  /** Produces the file's bytes. */
  @FunctionalInterface
  interface Body {
    void writeTo(WritableByteChannel out) throws IOException;
  }

  /**
   * Test seam: wraps the channel handed to a {@link Body}, e.g. to fail after some bytes. The
   * identity outside tests.
   */
  static final ThreadLocal<UnaryOperator<WritableByteChannel>> CHANNEL_WRAPPER =
      ThreadLocal.withInitial(UnaryOperator::identity);

  /** Writes {@code target} atomically with the bytes {@code body} produces. */
  static void write(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
    Path tmp = dir.resolve("." + abs.getFileName() + "." + suffix + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        body.writeTo(CHANNEL_WRAPPER.get().apply(ch));
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (not on Windows). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException unsupported) {
      // The rename itself is done; only its durability across a power cut is not guaranteed here.
    }
  }

  /** Writes all of {@code buf} to {@code out}. */
  static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }
}
