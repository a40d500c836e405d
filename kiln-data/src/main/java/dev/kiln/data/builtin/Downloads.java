package dev.kiln.data.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Optional downloads of the official dataset files. A file is fetched into a temporary file beside
 * its target, its checksum verified, then atomically renamed, so a failed or corrupt download never
 * leaves a file that looks complete. Nothing in the tests downloads.
 */
public final class Downloads {
  private Downloads() {}

  /**
   * Makes sure {@code target} exists with the given checksum, downloading it from {@code url} if it
   * is missing. An existing file is verified too.
   *
   * @throws IOException on a network error, an HTTP status other than 200, or a checksum mismatch
   */
  public static Path fetch(URI url, Path target, String algorithm, String expectedHex)
      throws IOException {
    if (Files.exists(target)) {
      Checksums.verify(target, algorithm, expectedHex);
      return target;
    }
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
    try (HttpClient client =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
      HttpResponse<InputStream> response =
          client.send(
              HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException("download of " + url + " failed: HTTP " + response.statusCode());
        }
        Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      Checksums.verify(tmp, algorithm, expectedHex);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("download of " + url + " interrupted", e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
