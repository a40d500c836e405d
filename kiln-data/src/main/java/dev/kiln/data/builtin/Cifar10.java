package dev.kiln.data.builtin;

import dev.kiln.data.TensorDataset;
import dev.kiln.data.io.CifarBinary;
import dev.kiln.data.io.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * CIFAR-10 (Krizhevsky, 2009), binary version, read from a local folder holding {@code
 * data_batch_1.bin} ... {@code data_batch_5.bin} and {@code test_batch.bin} (directly or in the
 * archive's {@code cifar-10-batches-bin} sub-folder). Samples are {@code [image uint8 [32, 32, 3],
 * label int64 []]}.
 */
public final class Cifar10 {
  /** Class names, index = label. */
  public static final List<String> CLASSES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  static final URI URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
  static final String MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
  private static final String FOLDER = "cifar-10-batches-bin";

  private Cifar10() {}

  /** The training (50,000) or test (10,000) split from {@code root}. */
  public static TensorDataset load(Path root, boolean train) throws IOException {
    Path dir = Files.isDirectory(root.resolve(FOLDER)) ? root.resolve(FOLDER) : root;
    List<Path> files = new ArrayList<>();
    if (train) {
      for (int i = 1; i <= 5; i++) {
        files.add(dir.resolve("data_batch_" + i + ".bin"));
      }
    } else {
      files.add(dir.resolve("test_batch.bin"));
    }
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new NoSuchFileException(
            f.toString(),
            null,
            "CIFAR-10 batch missing; call download(root) or extract the official archive there");
      }
    }
    CifarBinary.Batch batch = CifarBinary.read(files);
    return new TensorDataset(batch.images(), batch.labels());
  }

  /**
   * Downloads the official archive into {@code root} (verifying MD5) and extracts its batch files
   * into {@code root/cifar-10-batches-bin}; optional.
   */
  public static void download(Path root) throws IOException {
    Path archive = Downloads.fetch(URL, root.resolve("cifar-10-binary.tar.gz"), "MD5", MD5);
    extractBinFiles(archive, root);
  }

  /** Extracts the regular {@code .bin} files of a tar.gz (ustar) archive, by base name only. */
  static void extractBinFiles(Path archive, Path root) throws IOException {
    Path out = Files.createDirectories(root.resolve(FOLDER));
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
      byte[] header = new byte[512];
      long offset = 0;
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String entry = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
        String sizeField =
            new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim();
        long size;
        try {
          size = Long.parseLong(sizeField, 8);
        } catch (NumberFormatException e) {
          throw new DataFormatException(
              archive, "bad tar header at offset " + offset + " (uncompressed)");
        }
        String base = entry.substring(entry.lastIndexOf('/') + 1);
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
          throw new DataFormatException(
              archive, "truncated tar entry " + entry + " at offset " + offset);
        }
        if (header[156] == '0' || header[156] == 0) {
          if (base.endsWith(".bin")) {
            Path tmp = Files.createTempFile(out, base, ".part");
            Files.write(tmp, data);
            Files.move(
                tmp,
                out.resolve(base),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
          }
        }
        long padded = (size + 511) / 512 * 512;
        in.skipNBytes(padded - size);
        offset += 512 + padded;
      }
    }
  }
}
