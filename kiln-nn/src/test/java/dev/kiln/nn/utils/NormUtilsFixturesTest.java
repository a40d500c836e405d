package dev.kiln.nn.utils;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.io.Npy;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Conv1d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.ConvTranspose2d;
import dev.kiln.nn.Linear;
import dev.kiln.nn.LoadResult;
import dev.kiln.nn.Module;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Weight norm and spectral norm against PyTorch 1.13 (tools/fixtures/gen_nn_norm_util_fixtures.py,
 * directory norm_utils): each case applies the norm to a fresh layer, loads PyTorch's state dict
 * after {@code weight_norm}/{@code spectral_norm} with {@code strict=true} (so the keys match, and
 * spectral norm starts from PyTorch's {@code weight_u}/{@code weight_v}), runs the fixture's
 * training-mode forwards and compares each output, the input gradients, every parameter gradient of
 * {@code sum_k <output_k, grad_output_k>}, the power-iteration buffers, an eval-mode output and the
 * state dict after removing the norm.
 */
class NormUtilsFixturesTest {
  /** float32 norms, matrix-vector products and convolutions of a few dozen terms. */
  private static final double RTOL = 1e-5;

  /**
   * Absolute tolerance per unit of the tensor's largest magnitude: spectral norm's weight gradient
   * subtracts terms as large as the largest element (here ~27) to get elements near 0, so an
   * element's error follows the tensor's scale, not its own value (float32 ulp at 27 is 2e-6).
   */
  private static final double ATOL = 1e-6;

  private static final Generator G = new Generator(3);

  static final Map<String, Supplier<Module>> CASES = new LinkedHashMap<>();

  static {
    CASES.put("weight_norm_linear", () -> WeightNorm.apply(new Linear(4, 3)));
    CASES.put("weight_norm_linear_dim1", () -> WeightNorm.apply(new Linear(4, 3), "weight", 1));
    CASES.put(
        "weight_norm_conv2d_whole", () -> WeightNorm.apply(new Conv2d(2, 3, 3), "weight", -1));
    CASES.put(
        "weight_norm_conv1d_dim1",
        () -> WeightNorm.apply(new Conv1d(2, 3, 3, ConvOptions.defaults(), false, G), "weight", 1));
    CASES.put("spectral_norm_linear", () -> SpectralNorm.apply(new Linear(5, 4)));
    CASES.put(
        "spectral_norm_conv2d_2iter",
        () -> SpectralNorm.apply(new Conv2d(2, 4, 3), "weight", 2, 1e-10, 0));
    CASES.put(
        "spectral_norm_conv_transpose2d", () -> SpectralNorm.apply(new ConvTranspose2d(3, 2, 3)));
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  private static Path dir(String name) throws Exception {
    return Path.of(
        NormUtilsFixturesTest.class
            .getClassLoader()
            .getResource("fixtures/norm_utils/" + name)
            .toURI());
  }

  @Test
  void everyFixtureDirectoryHasACase() throws Exception {
    try (Stream<Path> dirs = Files.list(dir("weight_norm_linear").getParent())) {
      assertEquals(
          new TreeSet<>(CASES.keySet()),
          dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(String name) throws Exception {
    Path d = dir(name);
    Module m = CASES.get(name).get();
    Map<String, Tensor> weights = SafeTensors.read(d.resolve("weights.safetensors")).tensors();
    assertEquals(weights.keySet(), m.stateDict().keySet(), name + ": state-dict keys");
    LoadResult r = m.loadStateDict(weights);
    assertTrue(r.isClean(), r.toString());
    m.train();
    List<Tensor> inputs = new ArrayList<>();
    Tensor loss = Tensor.zeros();
    for (int k = 0; Files.exists(d.resolve("input." + k + ".npy")); k++) {
      Tensor x = read(d, "input." + k).requiresGrad_(true);
      Tensor y = m.call(x);
      assertClose(name + " output " + k, read(d, "output." + k), y.detach());
      loss = loss.add(y.mul(read(d, "grad_output." + k)).sum());
      inputs.add(x);
    }
    loss.backward();
    for (int k = 0; k < inputs.size(); k++) {
      assertClose(name + " grad input " + k, read(d, "grad_input." + k), inputs.get(k).grad());
    }
    for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
      assertClose(name + " grad " + p.getKey(), read(d, "grad." + p.getKey()), p.getValue().grad());
    }
    for (Map.Entry<String, Tensor> b : m.namedBuffers().entrySet()) {
      assertClose(name + " buffer " + b.getKey(), read(d, "buffer." + b.getKey()), b.getValue());
    }
    m.eval();
    try (GradMode.Scope s = Autograd.noGrad()) {
      assertClose(name + " eval output", read(d, "eval_output"), m.call(inputs.get(0).detach()));
    }
    Module removed = name.startsWith("weight_norm") ? WeightNorm.remove(m) : SpectralNorm.remove(m);
    Map<String, Tensor> expected = SafeTensors.read(d.resolve("removed.safetensors")).tensors();
    Map<String, Tensor> actual = removed.stateDict();
    assertEquals(expected.keySet(), actual.keySet(), name + ": state-dict keys after removal");
    expected.forEach((k, t) -> assertClose(name + " removed " + k, t, actual.get(k)));
  }

  private static Tensor read(Path d, String name) throws Exception {
    return Npy.read(d.resolve(name + ".npy"));
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertTrue(
        actual.allclose(expected, RTOL, ATOL * Math.max(1, expected.abs().max().item()), false),
        what + ": expected " + expected + " got " + actual);
  }
}
