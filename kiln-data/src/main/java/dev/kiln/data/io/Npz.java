package dev.kiln.data.io;

import dev.kiln.io.Npy;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives (from {@code np.savez} or {@code np.savez_compressed}): a zip
 * of {@code .npy} files, returned by array name in archive order. Single {@code .npy} files are
 * read by kiln-core's {@link Npy}.
 */
public final class Npz {
  private Npz() {}

  /**
   * The arrays in {@code path}, keyed by name without the {@code .npy} suffix.
   *
   * @throws DataFormatException if the file is not a zip or an entry is not a valid {@code .npy}
   */
  public static Map<String, Tensor> read(Path path) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (e.isDirectory()) {
          continue;
        }
        String name = e.getName();
        byte[] bytes;
        try (var in = zip.getInputStream(e)) {
          bytes = in.readAllBytes();
        }
        try {
          out.put(
              name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name,
              Npy.read(bytes, path + "!" + name));
        } catch (IOException | RuntimeException ex) {
          throw new DataFormatException(path, "entry " + name + ": " + ex.getMessage(), ex);
        }
      }
    } catch (ZipException e) {
      throw new DataFormatException(path, "not a valid .npz (zip) archive: " + e.getMessage(), e);
    }
    return out;
  }
}
