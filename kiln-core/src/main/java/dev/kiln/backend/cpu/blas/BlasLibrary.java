package dev.kiln.backend.cpu.blas;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds an OpenBLAS shared library and opens it with the FFM API: the system's {@code
 * libopenblas.so.0}, or the one inside the {@code org.bytedeco:openblas} jar on the class path
 * (extracted, with the {@code libgfortran.so.5} it needs, into a per-user folder under {@code
 * java.io.tmpdir}; its RUNPATH {@code $ORIGIN} finds the second beside the first). No JavaCPP code
 * runs: only the native files of that jar are used.
 */
final class BlasLibrary {
  /** Where the bytedeco jar keeps its linux-x86_64 libraries. */
  private static final String BUNDLE_DIR = "org/bytedeco/openblas/linux-x86_64/";

  /** The library and the one it needs, in load order of dependency (dependency last). */
  private static final String[] BUNDLE_FILES = {"libopenblas.so.0", "libgfortran.so.5"};

  private BlasLibrary() {}

  /** An opened library and where it came from ("system" or "bundled", with the path). */
  record Opened(SymbolLookup symbols, String origin) {}

  /** Opens the system library by its soname; fails with the loader's message when absent. */
  static Opened system() {
    return new Opened(
        SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global()), "system libopenblas.so.0");
  }

  /**
   * Extracts and opens the bundled library.
   *
   * @throws IllegalStateException when the jar is not on the class path or the platform is not
   *     linux-x86_64
   * @throws IOException when extracting fails
   */
  static Opened bundled() throws IOException {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException(
          "the bundled OpenBLAS is for linux-x86_64, not " + os + "/" + arch);
    }
    ClassLoader loader = BlasLibrary.class.getClassLoader();
    URL main = loader.getResource(BUNDLE_DIR + BUNDLE_FILES[0]);
    if (main == null) {
      throw new IllegalStateException(
          "org.bytedeco:openblas (linux-x86_64) is not on the class path");
    }
    Path dir = cacheDir(main);
    Files.createDirectories(dir);
    for (String file : BUNDLE_FILES) {
      URL url = loader.getResource(BUNDLE_DIR + file);
      if (url == null) {
        throw new IllegalStateException("the OpenBLAS jar lacks " + BUNDLE_DIR + file);
      }
      extract(url, dir.resolve(file));
    }
    Path lib = dir.resolve(BUNDLE_FILES[0]);
    return new Opened(SymbolLookup.libraryLookup(lib, Arena.global()), "bundled " + lib);
  }

  /**
   * A folder per user and jar: the jar's file name (it carries the version) when the resource is in
   * a jar, else a hash of the resource's URL.
   */
  private static Path cacheDir(URL main) {
    String s = main.toString();
    int bang = s.indexOf("!/");
    String key =
        bang > 0
            ? s.substring(s.lastIndexOf('/', bang) + 1, bang)
            : Integer.toHexString(s.hashCode());
    String user = System.getProperty("user.name", "user");
    return Path.of(
        System.getProperty("java.io.tmpdir"), "kiln-openblas-" + clean(user), clean(key));
  }

  private static String clean(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * Copies {@code url} to {@code target} unless a file of the same size is already there; writes a
   * temporary file first and renames it, so a concurrent JVM never opens half a library.
   */
  private static void extract(URL url, Path target) throws IOException {
    URLConnection conn = url.openConnection();
    long size = conn.getContentLengthLong();
    if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
      return;
    }
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try (InputStream in = conn.getInputStream()) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
