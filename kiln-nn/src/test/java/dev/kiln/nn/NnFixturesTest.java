package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

  /** Cases run in eval mode (the Python case says eval=True). */
  private static final Set<String> EVAL = Set.of("dropout_eval", "batch_norm2d_eval");

  private static final Generator G = new Generator(7);

  static {
    CASES.put("linear", () -> new Linear(4, 3));
    CASES.put("linear_nobias", () -> new Linear(4, 3, false, G));
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
    CASES.put(
        "conv1d",
        () -> new Conv1d(2, 3, 3, ConvOptions.defaults().withStride(2).withPadding(1), true, G));
    CASES.put(
        "conv2d_groups",
        () ->
            new Conv2d(
                2,
                4,
                new int[] {3, 2},
                ConvOptions.defaults().withPadding(1).withGroups(2),
                true,
                G));
    CASES.put(
        "conv2d_dilation_nobias",
        () -> new Conv2d(2, 2, new int[] {3, 3}, ConvOptions.defaults().withDilation(2), false, G));
    CASES.put(
        "cnn",
        () ->
            new Sequential(
                new Conv2d(1, 2, 3),
                new ReLU(),
                new MaxPool2d(2),
                new Flatten(),
                new Linear(18, 3)));
    CASES.put("maxpool2d", () -> new MaxPool2d(PoolOptions.of(3).withStride(2).withPadding(1)));
    CASES.put("avgpool2d", () -> new AvgPool2d(2));
    CASES.put("adaptive_avgpool2d", () -> new AdaptiveAvgPool2d(3, 2));
    CASES.put("flatten_unflatten", () -> new Sequential(new Flatten(), new Unflatten(1, 4, 3)));
    CASES.put("tanh", Tanh::new);
    CASES.put("sigmoid", Sigmoid::new);
    CASES.put("silu", SiLU::new);
    CASES.put("gelu", GELU::new);
    CASES.put("gelu_tanh", () -> new GELU("tanh"));
    CASES.put("leaky_relu", () -> new LeakyReLU(0.2));
    CASES.put("elu", () -> new ELU(0.5));
    CASES.put("softmax", () -> new Softmax(1));
    CASES.put("log_softmax", () -> new LogSoftmax(0));
    CASES.put("dropout_eval", () -> new Dropout(0.5, G));
    CASES.put("layer_norm", () -> new LayerNorm(3, 4));
    CASES.put("layer_norm_no_affine", () -> new LayerNorm(new int[] {4}, 1e-3, false));
    CASES.put("batch_norm1d", () -> new BatchNorm1d(3));
    CASES.put("batch_norm1d_3d", () -> new BatchNorm1d(3, 1e-5, 0.3, true, true));
    CASES.put("batch_norm2d", () -> new BatchNorm2d(2));
    CASES.put("batch_norm2d_eval", () -> new BatchNorm2d(2));
    CASES.put("batch_norm2d_no_affine", () -> new BatchNorm2d(2, 1e-5, 0.1, false, true));
    CASES.put("batch_norm1d_cumulative", () -> new BatchNorm1d(3, 1e-5, null, true, true));
    CASES.put("embedding", () -> new Embedding(10, 3));
    CASES.put("embedding_padding", () -> new Embedding(6, 3, 2, G));
  }

  @Test
  void everyFixtureDirectoryHasACase() throws Exception {
    try (Stream<Path> dirs = Files.list(dir("linear").getParent())) {
      assertEquals(
          new TreeSet<>(CASES.keySet()),
          dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
    }
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
    if (EVAL.contains(name)) {
      m.eval();
    }
    Tensor x = Npy.read(d.resolve("input.npy"));
    boolean floating = x.dtype().isFloatingPoint();
    if (floating) {
      x.requiresGrad_(true);
    }
    Tensor y = m.forward(x);
    assertClose(name + " output", Npy.read(d.resolve("output.npy")), y.detach());
    y.backward(Npy.read(d.resolve("grad_output.npy")));
    if (floating) {
      assertClose(name + " grad input", Npy.read(d.resolve("grad_input.npy")), x.grad());
    }
    for (Map.Entry<String, Tensor> b : m.namedBuffers().entrySet()) {
      Tensor expected = Npy.read(d.resolve("buffer." + b.getKey() + ".npy"));
      assertClose(name + " buffer " + b.getKey(), expected, b.getValue());
    }
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
