package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.functional.Attention;
import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.ProbabilisticLosses;
import dev.kiln.nn.functional.SequenceLosses;
import dev.kiln.optim.swa.AveragedModel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every public concrete {@link Module} of kiln-nn (found in the compiled classes, so a new layer or
 * loss without a case fails here) and every public loss or attention function has at least one
 * PyTorch fixture case in the nn, recurrent, attention or loss fixture tables. A case covers every
 * module class in the tree its module builds (a ReLU inside an MLP case is checked against PyTorch
 * too).
 */
class FixtureCoverageTest {
  /**
   * Modules with no fixture case of their own, and why: pure containers compute nothing (their
   * state-dict keys are checked against PyTorch's in checkpoint.InteropTest), and the averaged
   * model has its own PyTorch fixtures.
   */
  private static final Map<Class<?>, String> EXCEPTIONS =
      Map.of(
          ModuleDict.class, "pure container (InteropTest: PyTorch keys)",
          ParameterList.class, "pure container (InteropTest: PyTorch keys)",
          ParameterDict.class, "pure container (InteropTest: PyTorch keys)",
          AveragedModel.class, "optim.swa.AveragedModelTest (fixtures/swa)");

  /**
   * The loss module of each LossFunctionsFixturesTest case, by case-name prefix (those cases build
   * the loss and run it in one function, so the module is named here; every case must match one
   * prefix).
   */
  private static final Map<String, Class<? extends Module>> MULTI_LOSS_PREFIXES =
      Map.ofEntries(
          Map.entry("kl_div", KLDivLoss.class),
          Map.entry("poisson_nll", PoissonNLLLoss.class),
          Map.entry("gaussian_nll", GaussianNLLLoss.class),
          Map.entry("cosine_embedding", CosineEmbeddingLoss.class),
          Map.entry("margin_ranking", MarginRankingLoss.class),
          Map.entry("hinge_embedding", HingeEmbeddingLoss.class),
          Map.entry("soft_margin", SoftMarginLoss.class),
          Map.entry("triplet_margin", TripletMarginLoss.class),
          Map.entry("triplet_with", TripletMarginWithDistanceLoss.class),
          Map.entry("multilabel_soft_margin", MultiLabelSoftMarginLoss.class),
          Map.entry("multi_margin", MultiMarginLoss.class),
          Map.entry("ctc", CTCLoss.class));

  /**
   * The module whose fixture cases run each public loss and attention function (checked: the
   * module's source calls it), or, for scaled dot-product attention, its own functional cases.
   */
  private static final Map<String, Class<? extends Module>> FUNCTIONS =
      Map.ofEntries(
          Map.entry("mseLoss", MSELoss.class),
          Map.entry("l1Loss", L1Loss.class),
          Map.entry("smoothL1Loss", SmoothL1Loss.class),
          Map.entry("huberLoss", HuberLoss.class),
          Map.entry("binaryCrossEntropy", BCELoss.class),
          Map.entry("binaryCrossEntropyWithLogits", BCEWithLogitsLoss.class),
          Map.entry("nllLoss", NLLLoss.class),
          Map.entry("crossEntropy", CrossEntropyLoss.class),
          Map.entry("klDiv", KLDivLoss.class),
          Map.entry("klDivBatchMean", KLDivLoss.class),
          Map.entry("poissonNllLoss", PoissonNLLLoss.class),
          Map.entry("gaussianNllLoss", GaussianNLLLoss.class),
          Map.entry("cosineEmbeddingLoss", CosineEmbeddingLoss.class),
          Map.entry("marginRankingLoss", MarginRankingLoss.class),
          Map.entry("tripletMarginLoss", TripletMarginLoss.class),
          Map.entry("tripletMarginWithDistanceLoss", TripletMarginWithDistanceLoss.class),
          Map.entry("hingeEmbeddingLoss", HingeEmbeddingLoss.class),
          Map.entry("softMarginLoss", SoftMarginLoss.class),
          Map.entry("multilabelSoftMarginLoss", MultiLabelSoftMarginLoss.class),
          Map.entry("multiMarginLoss", MultiMarginLoss.class),
          Map.entry("ctcLoss", CTCLoss.class),
          Map.entry("attend", MultiheadAttention.class));

  /**
   * Functions that no module calls directly, with the covered function that calls them (checked:
   * the caller's class calls it besides defining it).
   */
  private static final Map<String, String> INDIRECT =
      Map.of("pairwiseDistance", "tripletMarginLoss");

  /**
   * LossFunctionsFixturesTest cases whose reduction their name does not tell (a case named {@code
   * ..._none} or {@code ..._sum} uses that reduction, any other the default mean).
   */
  private static final Map<String, String> REDUCTION_BY_CASE =
      Map.of(
          "ctc_zero_infinity_true", "none",
          "ctc_zero_infinity_false", "none",
          "ctc_blank_last_empty_target", "sum",
          "gaussian_nll_full_sum_eps", "sum",
          "kl_div_target_grad", "sum",
          "kl_div_batchmean", "batchmean",
          "kl_div_log_target_batchmean", "batchmean");

  /** Every module class in the trees built by the fixture cases, with one case naming it. */
  private static Map<Class<?>, String> coveredModules() {
    Map<Class<?>, String> covered = new TreeMap<>((a, b) -> a.getName().compareTo(b.getName()));
    Map<String, Supplier<Module>> builders = new TreeMap<>();
    NnFixturesTest.CASES.forEach((n, c) -> builders.put("nn/" + n, c.module()));
    NnFixturesLayersTest.CASES.forEach((n, c) -> builders.put("nn/" + n, c.module()));
    NnFixturesActivationsTest.CASES.forEach((n, c) -> builders.put("nn/" + n, c.module()));
    RnnFixturesTest.CASES.forEach((n, c) -> builders.put("rnn/" + n, c));
    AttentionFixturesTest.CASES.forEach(
        (n, c) -> {
          if (c.module() != null) {
            builders.put("attention/" + n, c.module());
          }
        });
    LossFixturesTest.CASES.forEach((n, c) -> builders.put("losses/" + n, () -> c.apply(Map.of())));
    builders.forEach(
        (caseName, builder) -> {
          for (Module m : builder.get().modules()) {
            covered.putIfAbsent(m.getClass(), caseName);
          }
        });
    for (String n : LossFunctionsFixturesTest.CASES.keySet()) {
      covered.putIfAbsent(multiLossModule(n), "losses_multi/" + n);
    }
    return covered;
  }

  private static Class<? extends Module> multiLossModule(String caseName) {
    Class<? extends Module> best = null;
    int bestLength = -1;
    for (Map.Entry<String, Class<? extends Module>> e : MULTI_LOSS_PREFIXES.entrySet()) {
      if (caseName.startsWith(e.getKey()) && e.getKey().length() > bestLength) {
        best = e.getValue();
        bestLength = e.getKey().length();
      }
    }
    assertTrue(best != null, "losses_multi case " + caseName + " matches no loss prefix");
    return best;
  }

  @Test
  void everyModuleHasAPyTorchFixtureCase() throws Exception {
    Map<Class<?>, String> covered = coveredModules();
    Set<Class<?>> all = CompiledClasses.publicConcreteSubclasses(Module.class, "dev.kiln");
    assertTrue(all.contains(Linear.class) && all.contains(CTCLoss.class), "scan found " + all);
    Set<String> missing = new TreeSet<>();
    for (Class<?> c : all) {
      if (!covered.containsKey(c) && !EXCEPTIONS.containsKey(c)) {
        missing.add(c.getName());
      }
    }
    assertTrue(missing.isEmpty(), "modules with no PyTorch fixture case: " + missing);
  }

  @Test
  void everyLossIsCheckedWithEveryReduction() {
    Map<String, Set<String>> reductions = new TreeMap<>();
    LossFixturesTest.CASES.forEach(
        (n, c) -> {
          Loss loss = c.apply(Map.of());
          reductions
              .computeIfAbsent(loss.kind(), k -> new TreeSet<>())
              .add(loss.reduction().name().toLowerCase(Locale.ROOT));
        });
    for (String n : LossFunctionsFixturesTest.CASES.keySet()) {
      String red =
          REDUCTION_BY_CASE.getOrDefault(
              n, n.endsWith("_none") ? "none" : n.endsWith("_sum") ? "sum" : "mean");
      reductions.computeIfAbsent(multiLossModule(n).getSimpleName(), k -> new TreeSet<>()).add(red);
    }
    assertTrue(
        LossFunctionsFixturesTest.CASES.keySet().containsAll(REDUCTION_BY_CASE.keySet()),
        "stale REDUCTION_BY_CASE entries");
    Set<String> incomplete = new TreeSet<>();
    reductions.forEach(
        (loss, reds) -> {
          if (!reds.containsAll(Set.of("none", "mean", "sum"))) {
            incomplete.add(loss + " " + reds);
          }
        });
    assertTrue(incomplete.isEmpty(), "losses not checked with none, mean and sum: " + incomplete);
  }

  @Test
  void exceptionsAreNeitherCoveredNorStale() throws Exception {
    Set<Class<?>> all = CompiledClasses.publicConcreteSubclasses(Module.class, "dev.kiln");
    Map<Class<?>, String> covered = coveredModules();
    for (Class<?> c : EXCEPTIONS.keySet()) {
      assertTrue(all.contains(c), c + " is listed as an exception but is not a concrete module");
      assertTrue(!covered.containsKey(c), c + " has a case now (" + covered.get(c) + ")");
    }
  }

  @Test
  void everyLossAndAttentionFunctionIsRunByACoveredModule() throws Exception {
    Map<Class<?>, String> covered = coveredModules();
    Set<String> functions = new TreeSet<>();
    for (Class<?> f :
        new Class<?>[] {
          Losses.class,
          ProbabilisticLosses.class,
          MarginLosses.class,
          SequenceLosses.class,
          Attention.class
        }) {
      for (Method m : f.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
          functions.add(f.getSimpleName() + "." + m.getName());
        }
      }
    }
    for (String qualified : functions) {
      String cls = qualified.substring(0, qualified.indexOf('.'));
      String fn = qualified.substring(cls.length() + 1);
      if (fn.equals("scaledDotProductAttention")) {
        assertTrue(
            AttentionFixturesTest.CASES.keySet().stream()
                .anyMatch(
                    n ->
                        n.startsWith("sdpa_")
                            && AttentionFixturesTest.CASES.get(n).module() == null),
            "no functional scaled dot-product attention case");
        continue;
      }
      String direct = INDIRECT.getOrDefault(fn, fn);
      Class<? extends Module> module = FUNCTIONS.get(direct);
      assertTrue(module != null, qualified + " is not mapped to a module with fixture cases");
      assertTrue(covered.containsKey(module), module + " has no fixture case");
      Path source = Path.of("src/main/java/dev/kiln/nn/" + module.getSimpleName() + ".java");
      assertTrue(
          Files.readString(source).contains(direct + "("),
          module.getSimpleName() + " does not call " + direct);
      if (!direct.equals(fn)) {
        String text =
            Files.readString(Path.of("src/main/java/dev/kiln/nn/functional/" + cls + ".java"));
        assertTrue(
            text.split(Pattern.quote(fn + "("), -1).length > 2,
            cls + " never calls " + fn + " (listed as called by " + direct + ")");
      }
    }
    Set<String> mapped = new TreeSet<>(FUNCTIONS.keySet());
    mapped.addAll(INDIRECT.keySet());
    Set<String> names = new TreeSet<>();
    functions.forEach(q -> names.add(q.substring(q.indexOf('.') + 1)));
    names.remove("scaledDotProductAttention");
    assertEquals(names, mapped, "functions listed here vs public loss/attention functions");
  }
}
