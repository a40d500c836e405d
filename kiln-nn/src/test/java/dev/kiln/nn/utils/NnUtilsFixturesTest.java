package dev.kiln.nn.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clips the fixture gradients with each configuration and compares gradients and returned norms
 * with PyTorch's (tools/fixtures/gen_nn_utils_fixtures.py); checks the parameter vector too.
 */
class NnUtilsFixturesTest {
  private static final double RTOL = 1e-6;
  private static final double ATOL = 1e-7;
  private static final Path DIR = Path.of("src/test/resources/fixtures/utils");

  private static final Map<String, Function<List<Tensor>, Tensor>> CASES = new LinkedHashMap<>();

  static {
    CASES.put("norm2", ps -> ClipGrad.clipGradNorm_(ps, 1.5));
    CASES.put("norm1", ps -> ClipGrad.clipGradNorm_(ps, 2.0, 1.0));
    CASES.put("norm3", ps -> ClipGrad.clipGradNorm_(ps, 0.7, 3.0));
    CASES.put("norm_inf", ps -> ClipGrad.clipGradNorm_(ps, 0.5, Double.POSITIVE_INFINITY));
    CASES.put("norm_unclipped", ps -> ClipGrad.clipGradNorm_(ps, 100.0));
    CASES.put(
        "value",
        ps -> {
          ClipGrad.clipGradValue_(ps, 0.8);
          return null;
        });
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  private static List<Tensor> grads() throws IOException {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(Npy.read(DIR.resolve("grad" + i + ".npy")));
    }
    return out;
  }

  private static List<Tensor> paramsWithGrads() throws IOException {
    List<Tensor> ps = new ArrayList<>();
    for (Tensor g : grads()) {
      Tensor p = Tensor.zeros(g.shape()).requiresGrad_(true);
      p.setGrad(g);
      ps.add(p);
    }
    return ps;
  }

  private static void assertClose(Tensor expected, Tensor actual, String what) {
    assertTrue(
        actual.allclose(expected, RTOL, ATOL, false), what + ": " + actual + " vs " + expected);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesPyTorch(String name) throws IOException {
    List<Tensor> ps = paramsWithGrads();
    Tensor norm = CASES.get(name).apply(ps);
    for (int i = 0; i < ps.size(); i++) {
      assertClose(Npy.read(DIR.resolve(name).resolve("grad" + i + ".npy")), ps.get(i).grad(), name);
    }
    Path normFile = DIR.resolve(name).resolve("norm.npy");
    assertEquals(Files.exists(normFile), norm != null, name + " returns a norm");
    if (norm != null) {
      assertEquals(DType.FLOAT32, norm.dtype());
      assertClose(Npy.read(normFile), norm, name + " norm");
    }
  }

  @Test
  void everyFixtureHasACase() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      assertEquals(
          CASES.keySet(),
          files
              .filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .collect(Collectors.toSet()));
    }
  }

  @Test
  void noGradientsGiveZeroNorm() {
    Tensor p = Tensor.ones(2).requiresGrad_(true);
    assertEquals(0.0, ClipGrad.clipGradNorm_(List.of(p), 1.0).item());
    assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradValue_(List.of(p), -1));
  }

  @Test
  void nonFiniteNormFailsOnlyWhenAsked() {
    Tensor p = Tensor.ones(2).requiresGrad_(true);
    p.setGrad(Tensor.of(new float[] {Float.POSITIVE_INFINITY, 1f}));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> ClipGrad.clipGradNorm_(List.of(p), 1.0, 2.0, true));
    assertEquals(
        "clipGradNorm_: the total norm of order 2.0 of the gradients is Infinity, so it cannot be"
            + " clipped; pass errorIfNonfinite=false to scale by it anyway",
        e.getMessage());
    assertEquals(1.0, p.grad().get(1), "gradients untouched after the error");
    assertEquals(
        Double.POSITIVE_INFINITY, ClipGrad.clipGradNorm_(List.of(p), 1.0, 2.0, false).item());
    assertEquals(0.0, p.grad().get(1), "scaled by 1 / inf");
  }

  @Test
  void vectorRoundTripMatchesPyTorch() throws IOException {
    Tensor vec = Npy.read(DIR.resolve("vector.npy"));
    assertClose(vec, ParameterVectors.parametersToVector(grads()), "parametersToVector");
    List<Tensor> ps = paramsWithGrads();
    ParameterVectors.vectorToParameters(vec, ps);
    List<Tensor> expected = grads();
    for (int i = 0; i < ps.size(); i++) {
      assertClose(expected.get(i), ps.get(i).detach(), "vectorToParameters " + i);
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ParameterVectors.vectorToParameters(Tensor.zeros(5), ps));
    assertEquals(
        "vectorToParameters: expected a 1-D vector of 20 elements, got shape [5]", e.getMessage());
  }
}
