package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case builds a module in Kiln, loads the PyTorch module's weights with {@code
 * loadStateDict(strict=true)} and compares the forward output and the gradients of {@code <output,
 * grad_output>} for the input and every parameter with PyTorch's (fixtures from
 * tools/fixtures/gen_nn_fixtures.py).
 */
class NnFixturesTest {
  /** float32 results of a few fused multiply-adds: PyTorch and Kiln may sum in another order. */
  private static final double RTOL = 1e-5;

  private static final double ATOL = 1e-6;

  private static final Map<String, Supplier<Module>> CASES = new LinkedHashMap<>();

  static {
    CASES.put("linear", () -> new Linear(4, 3));
    CASES.put("linear_nobias", () -> new Linear(4, 3, false, new dev.kiln.tensor.Generator(1)));
    CASES.put("linear_3d_input", () -> new Linear(3, 2));
    CASES.put("mlp", () -> new Sequential(new Linear(4, 5), new ReLU(), new Linear(5, 2)));
    CASES.put(
        "mlp_named",
        () -> {
          Map<String, Module> layers = new LinkedHashMap<>();
          layers.put("hidden", new Linear(3, 4));
          layers.put("act", new ReLU());
          layers.put("id", new Identity());
          layers.put("head", new Linear(4, 2));
          return new Sequential(layers);
        });
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  private static Path dir(String name) throws Exception {
    return Path.of(
        NnFixturesTest.class.getClassLoader().getResource("fixtures/nn/" + name).toURI());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(String name) throws Exception {
    Path d = dir(name);
    Module m = CASES.get(name).get();
    LoadResult r = m.loadStateDict(SafeTensors.read(d.resolve("weights.safetensors")).tensors());
    assertTrue(r.isClean(), r.toString());
    Tensor x = Npy.read(d.resolve("input.npy")).requiresGrad_(true);
    Tensor y = m.forward(x);
    assertClose(name + " output", Npy.read(d.resolve("output.npy")), y.detach());
    y.backward(Npy.read(d.resolve("grad_output.npy")));
    assertClose(name + " grad input", Npy.read(d.resolve("grad_input.npy")), x.grad());
    for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
      Path g = d.resolve("grad." + p.getKey() + ".npy");
      assertTrue(Files.exists(g), name + ": PyTorch has no parameter " + p.getKey());
      assertClose(name + " grad " + p.getKey(), Npy.read(g), p.getValue().grad());
    }
    try (Stream<Path> files = Files.list(d)) {
      long grads = files.filter(f -> f.getFileName().toString().startsWith("grad.")).count();
      assertEquals(grads, m.namedParameters().size(), name + ": parameter count differs");
    }
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertTrue(
        actual.allclose(expected, RTOL, ATOL, false),
        what + ": expected " + expected + " got " + actual);
  }
}
