package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interchange fixtures' {@code from_python/expected.json} (written by
 * tools/fixtures/gen_io_fixtures.py): each array's dtype, shape and flat C-order values.
 */
final class Expected {
  private Expected() {}

  static final String FROM_PYTHON = "io/from_python";
  static final String FROM_KILN = "io/from_kiln";

  /** The top-level sections: {@code npy}, {@code npz}, {@code safetensors}. */
  static Json.Obj load() throws IOException {
    try (InputStream in =
        Expected.class.getClassLoader().getResourceAsStream(FROM_PYTHON + "/expected.json")) {
      if (in == null) {
        throw new IOException("missing expected.json: run tools/fixtures/gen_io_fixtures.py");
      }
      return (Json.Obj) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (Json.SyntaxError e) {
      throw new IOException("expected.json: " + e.getMessage() + " at " + e.pos, e);
    }
  }

  static Json.Obj section(Json.Obj root, String key) {
    return (Json.Obj) root.values().get(key);
  }

  static Json.Obj obj(Json.Obj parent, String key) {
    return (Json.Obj) parent.values().get(key);
  }

  /** A resource directory as a path. */
  static Path dir(String resource) throws URISyntaxException {
    return Path.of(Expected.class.getClassLoader().getResource(resource).toURI());
  }

  /** Builds the tensor an array description describes. */
  static Tensor tensor(Json.Obj desc) {
    DType dtype = dtype((String) desc.values().get("dtype"));
    int[] shape =
        ((List<?>) desc.values().get("shape"))
            .stream().mapToInt(o -> ((Long) o).intValue()).toArray();
    List<?> values = (List<?>) desc.values().get("values");
    Storage s = Storage.allocate(dtype, values.size());
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (dtype.isFloatingPoint()) {
        s.setDouble(i, number(v), dtype);
      } else {
        s.setLong(i, (Long) v, dtype);
      }
    }
    return Tensor.wrap(s, dtype, shape);
  }

  /** The arrays of an npz or safetensors description ({@code arrays} or {@code tensors}). */
  static Map<String, Tensor> tensors(Json.Obj group) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    group.values().forEach((k, v) -> out.put(k, tensor((Json.Obj) v)));
    return out;
  }

  /** Asserts {@code t} has exactly the dtype, shape and values described (NaN = NaN, -0 != 0). */
  static void assertMatches(Json.Obj desc, Tensor t, String what) {
    Tensor want = tensor(desc);
    assertEquals(want.dtype(), t.dtype(), what + ": dtype");
    assertArrayEquals(want.shape(), t.shape(), what + ": shape");
    if (want.dtype().isFloatingPoint()) {
      double[] w = want.toDoubleArray();
      double[] g = t.toDoubleArray();
      for (int i = 0; i < w.length; i++) {
        if (Double.compare(w[i], g[i]) != 0) {
          fail(what + ": element " + i + " is " + g[i] + ", expected " + w[i]);
        }
      }
    } else {
      assertArrayEquals(want.toLongArray(), t.toLongArray(), what + ": values");
    }
  }

  private static double number(Object v) {
    return switch (v) {
      case String s when s.equals("nan") -> Double.NaN;
      case String s when s.equals("inf") -> Double.POSITIVE_INFINITY;
      case String s when s.equals("-inf") -> Double.NEGATIVE_INFINITY;
      case Number n -> n.doubleValue();
      default -> throw new IllegalArgumentException("not a number: " + v);
    };
  }

  private static DType dtype(String name) {
    for (DType t : DType.values()) {
      if (t.pyName().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown dtype " + name);
  }
}
