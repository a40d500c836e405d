package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kiln's writers reproduce the committed from_kiln/ files, which NumPy and the Python safetensors
 * reader have verified (tools/fixtures/gen_io_fixtures.py --verify).
 */
class ToPythonTest {
  @Test
  void writersReproduceTheVerifiedFiles(@TempDir Path tmp) throws Exception {
    List<String> names = FromKilnFixtures.writeAll(tmp);
    Path committed = Expected.dir(Expected.FROM_KILN);
    for (String name : names) {
      if (name.equals("deflated.npz")) {
        // Deflate output depends on the zlib build behind the JDK; compare the contents instead.
        Map<String, Tensor> want = Npz.read(committed.resolve(name));
        Map<String, Tensor> got = Npz.read(tmp.resolve(name));
        assertEquals(want.keySet(), got.keySet());
        want.forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), got.get(k).toDoubleArray()));
        continue;
      }
      assertArrayEquals(
          Files.readAllBytes(committed.resolve(name)),
          Files.readAllBytes(tmp.resolve(name)),
          name + " differs from the committed, Python-verified file");
    }
    assertEquals(21, names.size());
  }
}
