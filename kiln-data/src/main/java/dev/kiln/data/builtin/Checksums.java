package dev.kiln.data.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** File digests for verifying downloaded dataset files against their published checksums. */
public final class Checksums {
  private Checksums() {}

  /** The hex digest of {@code path} with {@code algorithm} ("MD5", "SHA-256", ...). */
  public static String digest(Path path, String algorithm) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("Checksums: unknown algorithm " + algorithm, e);
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * Checks that {@code path} has the digest {@code expectedHex} (case-insensitive).
   *
   * @throws IOException naming the file, the algorithm, the expected and the actual digest
   */
  public static void verify(Path path, String algorithm, String expectedHex) throws IOException {
    String actual = digest(path, algorithm);
    if (!actual.equalsIgnoreCase(expectedHex)) {
      throw new IOException(
          path
              + ": "
              + algorithm
              + " checksum mismatch: expected "
              + expectedHex.toLowerCase(Locale.ROOT)
              + ", got "
              + actual
              + " (a corrupt or incomplete download; delete the file and retry)");
    }
  }
}
