package dev.kiln.train.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Internal to kiln-train. Writes small files (JSON, PNG, CSV snapshots) atomically: to a temporary
 * file in the target's folder, then renamed over the target, so readers never see a half-written
 * file.
 */
public final class AtomicWrites {
  private AtomicWrites() {}

  /**
   * Replaces {@code path} with {@code bytes}, creating missing parent folders.
   *
   * @throws IOException if writing or renaming fails (the old file, if any, is then untouched)
   */
  public static void write(Path path, byte[] bytes) throws IOException {
    Path abs = path.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
