package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncating valid files at every length and flipping random bytes yields only {@link
 * FileFormatException} (or, for flips that keep the file valid, a successful read): never an index,
 * buffer, allocation or parsing exception of the runtime.
 */
class FuzzTest {
  @TempDir Path dir;

  private interface Reader {
    void read(Path p) throws Exception;
  }

  private static final int FLIPS = 250;

  private interface One {
    Tensor read() throws Exception;
  }

  /** Reads one named array; a flip in its name makes it absent, which is not corruption. */
  private static void readOne(One one) throws Exception {
    try {
      one.read();
    } catch (IllegalArgumentException absent) {
      if (!absent.getMessage().contains("no array") && !absent.getMessage().contains("no tensor")) {
        throw absent;
      }
    }
  }

  private void fuzz(String name, byte[] valid, Reader reader) throws Exception {
    Path p = dir.resolve(name);
    for (int len = 0; len < valid.length; len++) {
      Files.write(p, Arrays.copyOf(valid, len));
      int at = len;
      assertThrows(FileFormatException.class, () -> reader.read(p), name + " cut at " + at);
    }
    Random rnd = new Random(name.hashCode());
    for (int i = 0; i < FLIPS; i++) {
      byte[] b = valid.clone();
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
      }
      Files.write(p, b);
      try {
        reader.read(p);
      } catch (FileFormatException expected) {
        // the clean failure
      } catch (Exception | Error e) {
        fail(name + " with flipped bytes threw " + e, e);
      }
    }
  }

  private static Map<String, Tensor> arrays() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("w", Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}));
    m.put("i", Tensor.of(7L, 8L));
    m.put("b", Tensor.of(true, false, true));
    m.put("h", Tensor.of(1f, 2f).to(DType.FLOAT16));
    return m;
  }

  @Test
  void npy() throws Exception {
    Path src = dir.resolve("src.npy");
    Npy.write(src, Tensor.of(new double[][] {{1, 2}, {3, 4}}), Npy.Order.FORTRAN, 3);
    fuzz("f.npy", Files.readAllBytes(src), Npy::read);
    fuzz("s.npy", Npy.toBytes(Tensor.of(1L, 2L, 3L)), Npy::read);
  }

  @Test
  void npzStoredAndDeflated() throws Exception {
    for (Npz.Compression c : Npz.Compression.values()) {
      Path src = dir.resolve("src.npz");
      Npz.write(src, arrays(), c);
      fuzz(c + ".npz", Files.readAllBytes(src), Npz::read);
      fuzz(c + "-one.npz", Files.readAllBytes(src), p -> readOne(() -> Npz.readArray(p, "i")));
    }
  }

  @Test
  void safetensors() throws Exception {
    Map<String, Tensor> m = new LinkedHashMap<>(arrays());
    m.put("bf", Tensor.of(0.5f, -2f).to(DType.BFLOAT16));
    Path src = dir.resolve("src.safetensors");
    SafeTensors.write(src, m, Map.of("format", "pt"));
    fuzz("m.safetensors", Files.readAllBytes(src), SafeTensors::read);
    fuzz(
        "one.safetensors",
        Files.readAllBytes(src),
        p -> readOne(() -> SafeTensors.readTensor(p, "w")));
  }
}
