package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.io.Npy;
import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.ProbabilisticLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.SequenceLosses;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Losses of any number of tensors (KL divergence, Poisson/Gaussian NLL, margin and embedding
 * losses, CTC) against PyTorch: the loss and the gradient of every floating argument the fixture
 * differentiates (tools/fixtures/gen_nn_loss_fixtures.py, directory losses_multi).
 */
class LossFunctionsFixturesTest {
  /** float32 sums over a few dozen elements in a different order than PyTorch. */
  private static final double RTOL = 1e-5;

  private static final double ATOL = 1e-6;

  /** Computes the loss from the case's arguments and its optional weight. */
  private static final Map<String, BiFunction<Tensor[], Tensor, Tensor>> CASES =
      new LinkedHashMap<>();

  static {
    for (Reduction r : Reduction.values()) {
      String red = r.name().toLowerCase(Locale.ROOT);
      CASES.put("kl_div_" + red, (a, w) -> new KLDivLoss(r, false).forward(a[0], a[1]));
      CASES.put(
          "poisson_nll_" + red,
          (a, w) -> new PoissonNLLLoss(true, false, 1e-8, r).forward(a[0], a[1]));
      CASES.put(
          "cosine_embedding_" + red,
          (a, w) -> new CosineEmbeddingLoss(0.2, r).forward(a[0], a[1], a[2]));
      CASES.put(
          "margin_ranking_" + red,
          (a, w) -> new MarginRankingLoss(0.3, r).forward(a[0], a[1], a[2]));
      CASES.put(
          "hinge_embedding_" + red, (a, w) -> new HingeEmbeddingLoss(0.5, r).forward(a[0], a[1]));
      CASES.put("soft_margin_" + red, (a, w) -> new SoftMarginLoss(r).forward(a[0], a[1]));
      CASES.put("ctc_" + red, (a, w) -> new CTCLoss(0, r, false).forward(a[0], a[1], a[2], a[3]));
    }
    CASES.put(
        "kl_div_target_grad", (a, w) -> new KLDivLoss(Reduction.SUM, false).forward(a[0], a[1]));
    CASES.put("kl_div_batchmean", (a, w) -> KLDivLoss.batchMean(false).forward(a[0], a[1]));
    CASES.put(
        "kl_div_log_target_batchmean", (a, w) -> KLDivLoss.batchMean(true).forward(a[0], a[1]));
    CASES.put(
        "poisson_nll_full_no_log_input",
        (a, w) -> new PoissonNLLLoss(false, true, 1e-4, Reduction.MEAN).forward(a[0], a[1]));
    CASES.put(
        "poisson_nll_full_sum",
        (a, w) -> new PoissonNLLLoss(true, true, 1e-8, Reduction.SUM).forward(a[0], a[1]));
    CASES.put("gaussian_nll", (a, w) -> new GaussianNLLLoss().forward(a[0], a[1], a[2]));
    CASES.put(
        "gaussian_nll_full_sum_eps",
        (a, w) -> new GaussianNLLLoss(true, 1e-3, Reduction.SUM).forward(a[0], a[1], a[2]));
    CASES.put(
        "gaussian_nll_var_one_short_none",
        (a, w) -> new GaussianNLLLoss(false, 1e-6, Reduction.NONE).forward(a[0], a[1], a[2]));
    CASES.put(
        "gaussian_nll_var_last_one", (a, w) -> new GaussianNLLLoss().forward(a[0], a[1], a[2]));
    CASES.put("cosine_embedding_1d", (a, w) -> new CosineEmbeddingLoss().forward(a[0], a[1], a[2]));
    CASES.put("triplet_margin", (a, w) -> new TripletMarginLoss().forward(a[0], a[1], a[2]));
    CASES.put(
        "triplet_margin_p1_swap_none",
        (a, w) ->
            new TripletMarginLoss(2.0, 1, 1e-6, true, Reduction.NONE).forward(a[0], a[1], a[2]));
    CASES.put(
        "triplet_margin_p3_sum",
        (a, w) ->
            new TripletMarginLoss(0.5, 3, 1e-4, false, Reduction.SUM).forward(a[0], a[1], a[2]));
    CASES.put(
        "triplet_with_distance",
        (a, w) -> new TripletMarginWithDistanceLoss().forward(a[0], a[1], a[2]));
    CASES.put(
        "triplet_with_l1_distance_swap_none",
        (a, w) ->
            new TripletMarginWithDistanceLoss(
                    (u, v) -> u.sub(v).abs().sum(-1), 1.5, true, Reduction.NONE)
                .forward(a[0], a[1], a[2]));
    CASES.put(
        "multilabel_soft_margin", (a, w) -> new MultiLabelSoftMarginLoss().forward(a[0], a[1]));
    CASES.put(
        "multilabel_soft_margin_weight_none",
        (a, w) -> new MultiLabelSoftMarginLoss(w, Reduction.NONE).forward(a[0], a[1]));
    CASES.put("multi_margin", (a, w) -> new MultiMarginLoss().forward(a[0], a[1]));
    CASES.put(
        "multi_margin_p2_weight_sum",
        (a, w) -> new MultiMarginLoss(2, 0.7, w, Reduction.SUM).forward(a[0], a[1]));
    CASES.put(
        "multi_margin_1d_none",
        (a, w) -> new MultiMarginLoss(1, 1.0, null, Reduction.NONE).forward(a[0], a[1]));
    CASES.put("ctc_concatenated_targets", (a, w) -> new CTCLoss().forward(a[0], a[1], a[2], a[3]));
    CASES.put(
        "ctc_blank_last_empty_target",
        (a, w) -> new CTCLoss(4, Reduction.SUM, false).forward(a[0], a[1], a[2], a[3]));
    for (boolean zeroInf : new boolean[] {true, false}) {
      CASES.put(
          "ctc_zero_infinity_" + zeroInf,
          (a, w) -> new CTCLoss(0, Reduction.NONE, zeroInf).forward(a[0], a[1], a[2], a[3]));
    }
    CASES.put("ctc_unbatched", (a, w) -> new CTCLoss().forward(a[0], a[1], a[2], a[3]));
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  private static Path dir(String name) throws Exception {
    return Path.of(
        LossFunctionsFixturesTest.class
            .getClassLoader()
            .getResource("fixtures/losses_multi/" + name)
            .toURI());
  }

  @Test
  void everyFixtureDirectoryHasACase() throws Exception {
    try (Stream<Path> dirs = Files.list(dir("ctc_mean").getParent())) {
      assertEquals(
          new TreeSet<>(CASES.keySet()),
          dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(String name) throws Exception {
    Path d = dir(name);
    List<Tensor> args = new ArrayList<>();
    List<Integer> differentiated = new ArrayList<>();
    for (int i = 0; Files.exists(d.resolve("arg" + i + ".npy")); i++) {
      Tensor a = Npy.read(d.resolve("arg" + i + ".npy"));
      if (Files.exists(d.resolve("grad_arg" + i + ".npy"))) {
        a.requiresGrad_(true);
        differentiated.add(i);
      }
      args.add(a);
    }
    Tensor weight =
        Files.exists(d.resolve("weight.npy")) ? Npy.read(d.resolve("weight.npy")) : null;
    Tensor out = CASES.get(name).apply(args.toArray(Tensor[]::new), weight);
    assertClose(name + " loss", Npy.read(d.resolve("loss.npy")), out.detach());
    if (differentiated.isEmpty()) {
      return;
    }
    out.backward(Npy.read(d.resolve("grad_output.npy")));
    for (int i : differentiated) {
      assertClose(
          name + " grad arg" + i, Npy.read(d.resolve("grad_arg" + i + ".npy")), args.get(i).grad());
    }
  }

  /** Through log-softmax, PyTorch's CTC gradient is the exact derivative with respect to logits. */
  @Test
  void ctcGradientIsExactWithRespectToLogits() {
    Tensor logits = Tensor.randn(6, 2, 4).to(DType.FLOAT64).requiresGrad_(true);
    Tensor targets = Tensor.of(new long[][] {{1, 2, 2}, {3, 0, 0}});
    Tensor inputLengths = Tensor.of(new long[] {6, 5});
    Tensor targetLengths = Tensor.of(new long[] {3, 1});
    GradCheck.gradcheck(
        in ->
            new Tensor[] {
              SequenceLosses.ctcLoss(
                  in[0].logSoftmax(2),
                  targets,
                  inputLengths,
                  targetLengths,
                  0,
                  Reduction.MEAN,
                  false)
            },
        new Tensor[] {logits});
  }

  @Test
  void shapeErrorsNameTheLossAndBothShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ProbabilisticLosses.klDiv(
                    Tensor.zeros(2, 3), Tensor.zeros(3, 2), Reduction.MEAN, false));
    assertEquals("klDiv: input shape [2, 3] and target shape [3, 2] must be equal", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ProbabilisticLosses.gaussianNllLoss(
                    Tensor.zeros(4, 3),
                    Tensor.zeros(4, 3),
                    Tensor.ones(3),
                    false,
                    1e-6,
                    Reduction.MEAN));
    assertTrue(e.getMessage().startsWith("gaussianNllLoss: var shape [3] must equal the input"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MarginLosses.cosineEmbeddingLoss(
                    Tensor.zeros(4, 3), Tensor.zeros(4, 3), Tensor.zeros(3), 0, Reduction.MEAN));
    assertTrue(e.getMessage().endsWith("got inputs [4, 3] and target [3]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SequenceLosses.ctcLoss(
                    Tensor.zeros(5, 2, 3),
                    Tensor.of(new long[][] {{1, 2}, {1, 1}}),
                    Tensor.of(new long[] {5, 6}),
                    Tensor.of(new long[] {2, 2}),
                    0,
                    Reduction.MEAN,
                    false));
    assertEquals("ctcLoss: inputLengths [5, 6] must be in [1, 5]", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ProbabilisticLosses.gaussianNllLoss(
                Tensor.zeros(2),
                Tensor.zeros(2),
                Tensor.full(-1.0, 2),
                false,
                1e-6,
                Reduction.MEAN));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TripletMarginLoss()
                    .forward(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
    assertEquals(
        "tripletMarginLoss: anchor shape [2, 3] and negative shape [2, 4] must be equal",
        e.getMessage());
    UnsupportedOperationException u =
        assertThrows(
            UnsupportedOperationException.class,
            () -> new TripletMarginLoss().forward(Tensor.zeros(2), Tensor.zeros(2)));
    assertTrue(u.getMessage().endsWith("call forward(anchor, positive, negative)"), u.getMessage());
    u =
        assertThrows(
            UnsupportedOperationException.class, () -> new CTCLoss().call(Tensor.zeros(2)));
    assertTrue(
        u.getMessage()
            .endsWith(
                "a loss needs a target; call forward(logProbs, targets, inputLengths,"
                    + " targetLengths)"),
        u.getMessage());
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertTrue(
        actual.allclose(expected, RTOL, ATOL, false),
        what + ": expected " + expected + " got " + actual);
  }
}
