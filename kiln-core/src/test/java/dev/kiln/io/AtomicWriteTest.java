package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer that fails midway leaves the previous file intact and no temporary file behind. */
class AtomicWriteTest {
  @TempDir Path dir;

  /** Passes through {@code limit} bytes, then fails. */
  private static WritableByteChannel failingAfter(WritableByteChannel ch, long limit) {
    return new WritableByteChannel() {
      long written;

      @Override
      public int write(ByteBuffer src) throws IOException {
        if (written + src.remaining() > limit) {
          throw new IOException("injected failure after " + limit + " bytes");
        }
        int n = ch.write(src);
        written += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return ch.isOpen();
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  private interface Writer {
    void write(Path p) throws IOException;
  }

  private void assertFailedWriteKeepsOldFile(String name, Writer writer) throws Exception {
    Path p = dir.resolve(name);
    byte[] old = {1, 2, 3, 4};
    Files.write(p, old);
    AtomicFile.CHANNEL_WRAPPER.set(ch -> failingAfter(ch, 100));
    try {
      IOException e = assertThrows(IOException.class, () -> writer.write(p));
      assertEquals("injected failure after 100 bytes", e.getMessage());
    } finally {
      AtomicFile.CHANNEL_WRAPPER.remove();
    }
    assertArrayEquals(old, Files.readAllBytes(p), name + " was modified");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList(), "temporary file left behind");
    }
    writer.write(p); // without the failure, the same write replaces the old file
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
  }

  @Test
  void npyWriteFailingMidway() throws Exception {
    Tensor t = Tensor.zeros(1000);
    assertFailedWriteKeepsOldFile("a.npy", p -> Npy.write(p, t));
    assertArrayEquals(t.toDoubleArray(), Npy.read(dir.resolve("a.npy")).toDoubleArray());
  }

  @Test
  void npzWriteFailingMidway() throws Exception {
    Map<String, Tensor> m = Map.of("x", Tensor.zeros(1000));
    assertFailedWriteKeepsOldFile("a.npz", p -> Npz.write(p, m));
    assertEquals(1000, Npz.read(dir.resolve("a.npz")).get("x").numel());
  }

  @Test
  void safetensorsWriteFailingMidway() throws Exception {
    Map<String, Tensor> m = Map.of("x", Tensor.zeros(1000));
    assertFailedWriteKeepsOldFile("a.safetensors", p -> SafeTensors.write(p, m));
    assertEquals(1000, SafeTensors.readTensor(dir.resolve("a.safetensors"), "x").numel());
  }
}
