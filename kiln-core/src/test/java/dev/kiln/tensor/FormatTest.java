package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code toString()} prints exactly what PyTorch 1.13's {@code str(tensor)} printed for the same
 * values; the pairs come from {@code tools/fixtures/gen_format_fixtures.py}.
 */
class FormatTest {
  private static byte[] resource(String name) throws IOException {
    try (InputStream in = FormatTest.class.getClassLoader().getResourceAsStream("format/" + name)) {
      if (in == null) {
        throw new IOException(
            "missing format/" + name + ": run tools/fixtures/gen_format_fixtures.py");
      }
      return in.readAllBytes();
    }
  }

  private static List<String[]> index() throws IOException {
    String tsv = new String(resource("index.tsv"), StandardCharsets.UTF_8);
    return tsv.lines().filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();
  }

  @TestFactory
  Stream<DynamicTest> printsLikePyTorch() throws IOException {
    return index().stream().map(row -> DynamicTest.dynamicTest(row[0], () -> check(row)));
  }

  private static void check(String[] row) throws IOException {
    String name = row[0];
    Tensor t = Npy.read(resource(name + ".npy"), name + ".npy");
    if (row[1].equals("bfloat16")) {
      t = t.to(DType.BFLOAT16);
    }
    assertEquals(row[1], t.dtype().pyName(), name + ": dtype");
    if (row[3].equals("t")) {
      t = t.t();
    }
    if (Boolean.parseBoolean(row[2].toLowerCase())) {
      t.requiresGrad_(true);
    }
    String expected = new String(resource(name + ".txt"), StandardCharsets.UTF_8);
    assertEquals(expected, t.toString(), name);
  }

  @Test
  void fixturesCoverEveryDType() throws IOException {
    List<String> dtypes = index().stream().map(r -> r[1]).distinct().toList();
    for (DType d : DType.values()) {
      assertTrue(dtypes.contains(d.pyName()), "no format fixture of dtype " + d);
    }
  }
}
