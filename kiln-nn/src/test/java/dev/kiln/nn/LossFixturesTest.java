package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case builds the loss module in Kiln (weights read from the fixture) and compares the loss
 * and the input gradient with PyTorch's (fixtures from tools/fixtures/gen_nn_loss_fixtures.py).
 */
class LossFixturesTest {
  /** float32 sums over a handful of elements in a different order than PyTorch. */
  private static final double RTOL = 1e-5;

  private static final double ATOL = 1e-6;

  /** Builds the loss from the case's extra arrays (weight, pos_weight) by file stem. */
  static final Map<String, Function<Map<String, Tensor>, Loss>> CASES = new LinkedHashMap<>();

  static {
    for (Reduction r : Reduction.values()) {
      String red = r.name().toLowerCase(Locale.ROOT);
      CASES.put("mse_" + red, e -> new MSELoss(r));
      CASES.put("l1_" + red, e -> new L1Loss(r));
    }
    CASES.put("smooth_l1", e -> new SmoothL1Loss(Reduction.MEAN, 0.5));
    CASES.put("smooth_l1_beta0_sum", e -> new SmoothL1Loss(Reduction.SUM, 0));
    CASES.put("huber", e -> new HuberLoss(Reduction.MEAN, 0.7));
    CASES.put("huber_none", e -> new HuberLoss(Reduction.NONE, 1.5));
    CASES.put("cross_entropy", e -> new CrossEntropyLoss());
    CASES.put("cross_entropy_none", e -> new CrossEntropyLoss(null, -100, Reduction.NONE, 0));
    CASES.put("cross_entropy_ignore", e -> new CrossEntropyLoss());
    CASES.put(
        "cross_entropy_weight",
        e -> new CrossEntropyLoss(e.get("weight"), -100, Reduction.MEAN, 0));
    CASES.put(
        "cross_entropy_smoothing", e -> new CrossEntropyLoss(null, -100, Reduction.MEAN, 0.2));
    CASES.put(
        "cross_entropy_smoothing_weight",
        e -> new CrossEntropyLoss(e.get("weight"), -100, Reduction.MEAN, 0.1));
    CASES.put(
        "cross_entropy_smoothing_sum", e -> new CrossEntropyLoss(null, -100, Reduction.SUM, 0.3));
    CASES.put("cross_entropy_spatial", e -> new CrossEntropyLoss());
    CASES.put(
        "cross_entropy_single_sample_smoothing",
        e -> new CrossEntropyLoss(null, -100, Reduction.MEAN, 0.1));
    CASES.put("nll_spatial_weight_none", e -> new NLLLoss(e.get("weight"), -100, Reduction.NONE));
    CASES.put("cross_entropy_probs", e -> new CrossEntropyLoss());
    CASES.put(
        "cross_entropy_probs_weight_smoothing",
        e -> new CrossEntropyLoss(e.get("weight"), -100, Reduction.MEAN, 0.2));
    CASES.put(
        "cross_entropy_4d_weight_ignore_smoothing",
        e -> new CrossEntropyLoss(e.get("weight"), -100, Reduction.MEAN, 0.15));
    CASES.put(
        "cross_entropy_4d_probs_smoothing_none",
        e -> new CrossEntropyLoss(null, -100, Reduction.NONE, 0.25));
    CASES.put(
        "cross_entropy_probs_smoothing_sum",
        e -> new CrossEntropyLoss(null, -100, Reduction.SUM, 0.1));
    CASES.put("bce_weight_mean", e -> new BCELoss(e.get("weight"), Reduction.MEAN));
    CASES.put("nll", e -> new NLLLoss());
    CASES.put("nll_weight_ignore_sum", e -> new NLLLoss(e.get("weight"), 3, Reduction.SUM));
    CASES.put("bce", e -> new BCELoss());
    CASES.put("bce_weight_none", e -> new BCELoss(e.get("weight"), Reduction.NONE));
    CASES.put("bce_with_logits", e -> new BCEWithLogitsLoss());
    CASES.put(
        "bce_with_logits_pos_weight",
        e -> new BCEWithLogitsLoss(e.get("weight"), e.get("pos_weight"), Reduction.SUM));
    CASES.put("smooth_l1_none", e -> new SmoothL1Loss(Reduction.NONE, 0.5));
    CASES.put("huber_sum", e -> new HuberLoss(Reduction.SUM, 0.7));
    CASES.put("bce_sum", e -> new BCELoss(null, Reduction.SUM));
    CASES.put(
        "bce_with_logits_pos_weight_none",
        e -> new BCEWithLogitsLoss(null, e.get("pos_weight"), Reduction.NONE));
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  private static Path dir(String name) throws Exception {
    return Path.of(
        LossFixturesTest.class.getClassLoader().getResource("fixtures/losses/" + name).toURI());
  }

  @Test
  void everyFixtureDirectoryHasACase() throws Exception {
    try (Stream<Path> dirs = Files.list(dir("bce").getParent())) {
      assertEquals(
          new TreeSet<>(CASES.keySet()),
          dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(String name) throws Exception {
    Path d = dir(name);
    Map<String, Tensor> extra = new LinkedHashMap<>();
    for (String k : new String[] {"weight", "pos_weight"}) {
      if (Files.exists(d.resolve(k + ".npy"))) {
        extra.put(k, Npy.read(d.resolve(k + ".npy")));
      }
    }
    Loss loss = CASES.get(name).apply(extra);
    Tensor x = Npy.read(d.resolve("input.npy")).requiresGrad_(true);
    Tensor out = loss.forward(x, Npy.read(d.resolve("target.npy")));
    assertClose(name + " loss", Npy.read(d.resolve("loss.npy")), out.detach());
    out.backward(Npy.read(d.resolve("grad_output.npy")));
    assertClose(name + " grad input", Npy.read(d.resolve("grad_input.npy")), x.grad());
  }

  @Test
  void badTargetsAreReported() {
    Tensor logits = Tensor.zeros(2, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Losses.crossEntropy(
                    logits, Tensor.of(new long[] {0, 3}), null, -100, Reduction.MEAN, 0));
    assertEquals(
        "nllLoss: target values must be in [0, 3) or ignoreIndex -100, got 3", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.nllLoss(logits, Tensor.of(new long[] {0}), null, -100, Reduction.MEAN));
    assertTrue(e.getMessage().contains("expected an int64 target of shape [2]"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Losses.mseLoss(Tensor.zeros(2), Tensor.zeros(3), Reduction.MEAN));
    assertThrows(UnsupportedOperationException.class, () -> new MSELoss().forward(logits));
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertTrue(
        actual.allclose(expected, RTOL, ATOL, false),
        what + ": expected " + expected + " got " + actual);
  }
}
