package dev.kiln.data.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.io.CifarBinary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extraction step of {@link Cifar10#download} on a small archive in the official layout. */
class Cifar10ArchiveTest {
  /** One ustar entry: a 512-byte header (name, octal size, type flag, magic), data, padding. */
  private static void entry(ByteArrayOutputStream tar, String name, char type, byte[] data) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, h, 0, n.length);
    byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, h, 124, size.length);
    h[156] = (byte) type;
    System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 5);
    tar.writeBytes(h);
    tar.writeBytes(data);
    tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
  }

  @Test
  void extractsTheBinaryBatchesAndNothingElse(@TempDir Path root) throws IOException {
    byte[] record = new byte[CifarBinary.RECORD];
    record[0] = 3;
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    entry(tar, "cifar-10-batches-bin/", '5', new byte[0]);
    entry(
        tar,
        "cifar-10-batches-bin/readme.html",
        '0',
        "<p>hi</p>".getBytes(StandardCharsets.US_ASCII));
    entry(tar, "cifar-10-batches-bin/test_batch.bin", '0', record);
    tar.writeBytes(new byte[1024]); // two zero blocks end the archive
    Path archive = root.resolve("cifar-10-binary.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
      out.write(tar.toByteArray());
    }
    Cifar10.extractBinFiles(archive, root);
    Path folder = root.resolve("cifar-10-batches-bin");
    assertTrue(Files.isRegularFile(folder.resolve("test_batch.bin")));
    assertFalse(Files.exists(folder.resolve("readme.html")));
    var test = Cifar10.load(root, false);
    assertEquals(1, test.size());
    assertEquals(3, test.get(0).get(1).itemLong());
  }
}
