package dev.kiln.optim.lr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import dev.kiln.optim.SGD;
import dev.kiln.optim.swa.SWALR;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * Steps each scheduler configuration 30 times on a two-group SGD (lr 0.1 and 0.05) and compares the
 * rates with PyTorch's (tools/fixtures/gen_sched_fixtures.py).
 */
class SchedulerFixturesTest {
  /**
   * Same double formulas in the same order; only cos/pow may differ by an ulp. Zero momenta are
   * exact.
   */
  private static final double RTOL = 1e-12;

  private static final Path DIR = Path.of("src/test/resources/fixtures/sched");

  private static final Map<String, Function<Optimizer, LRScheduler>> CASES = new LinkedHashMap<>();

  static {
    CASES.put("step", o -> new StepLR(o, 7, 0.3));
    CASES.put("multistep", o -> new MultiStepLR(o, List.of(3, 8, 8, 20), 0.5));
    CASES.put("exponential", o -> new ExponentialLR(o, 0.9));
    CASES.put("cosine", o -> new CosineAnnealingLR(o, 10, 0.001));
    CASES.put("cosine_no_min", o -> new CosineAnnealingLR(o, 7));
    CASES.put("linear", o -> new LinearLR(o, 0.25, 0.9, 12));
    CASES.put("linear_default", LinearLR::new);
    CASES.put("constant", o -> new ConstantLR(o, 0.4, 6));
    CASES.put("constant_default", ConstantLR::new);
    CASES.put("lambda", o -> new LambdaLR(o, e -> 1.0 / (1.0 + 0.3 * e)));
    CASES.put(
        "lambda_per_group",
        o -> new LambdaLR(o, List.of(e -> Math.pow(0.95, e), e -> 1.0 / (1.0 + 0.3 * e))));
    CASES.put("multiplicative", o -> new MultiplicativeLR(o, e -> 0.93));
    CASES.put(
        "multiplicative_per_group",
        o ->
            new MultiplicativeLR(
                o, List.of(e -> e % 3 == 0 ? 1.1 : 0.9, e -> 1.0 / (1.0 + 0.01 * e))));
    CASES.put("swalr", o -> new SWALR(o, new double[] {0.02, 0.02}, 5, true));
    CASES.put("swalr_linear_per_group", o -> new SWALR(o, new double[] {0.02, 0.2}, 7, false));
    CASES.put("swalr_no_anneal", o -> new SWALR(o, new double[] {0.03, 0.03}, 0, true));
    CASES.put("polynomial", o -> new PolynomialLR(o, 20, 2.0));
    CASES.put("polynomial_default", PolynomialLR::new);
    CASES.put("warm_restarts", o -> new CosineAnnealingWarmRestarts(o, 4, 2, 0.002));
    CASES.put("warm_restarts_constant_period", o -> new CosineAnnealingWarmRestarts(o, 7, 1, 0));
    CASES.put("cyclic", o -> new CyclicLR(o, 0.01, 0.1, 4));
    CASES.put(
        "cyclic_triangular2_asymmetric",
        o ->
            new CyclicLR(
                o,
                one(0.02),
                one(0.2),
                3,
                5,
                CyclicLR.Mode.TRIANGULAR2,
                1,
                true,
                one(0.7),
                one(0.95)));
    CASES.put(
        "cyclic_exp_range_no_momentum",
        o ->
            new CyclicLR(
                o,
                one(0.01),
                one(0.3),
                5,
                5,
                CyclicLR.Mode.EXP_RANGE,
                0.97,
                false,
                one(0.8),
                one(0.9)));
    CASES.put(
        "cyclic_custom_iterations",
        o ->
            new CyclicLR(
                o,
                one(0.01),
                one(0.1),
                2,
                4,
                x -> 1.0 / (1.0 + 0.1 * x),
                false,
                true,
                one(0.8),
                one(0.9)));
    CASES.put(
        "cyclic_per_group",
        o ->
            new CyclicLR(
                o,
                new double[] {0.01, 0.002},
                new double[] {0.1, 0.05},
                3,
                3,
                CyclicLR.Mode.TRIANGULAR2,
                1,
                true,
                new double[] {0.7, 0.8},
                new double[] {0.9, 0.95}));
    CASES.put(
        "sequential",
        o ->
            new SequentialLR(
                o,
                List.of(
                    new LinearLR(o, 0.2, 1.0, 5),
                    new CosineAnnealingLR(o, 8, 0.01),
                    new ExponentialLR(o, 0.8)),
                new int[] {5, 18}));
    CASES.put(
        "sequential_constant_step",
        o ->
            new SequentialLR(
                o, List.of(new ConstantLR(o, 0.5, 3), new StepLR(o, 4, 0.5)), new int[] {10}));
    CASES.put(
        "chained",
        o ->
            new ChainedScheduler(
                List.of(
                    new ConstantLR(o, 0.3, 4),
                    new ExponentialLR(o, 0.9),
                    new MultiStepLR(o, List.of(10, 20), 0.5))));
    CASES.put("onecycle", o -> new OneCycleLR(o, 0.4, 30));
    CASES.put(
        "onecycle_linear_three_phase",
        o ->
            new OneCycleLR(
                o,
                one(0.3),
                35,
                0.25,
                OneCycleLR.Anneal.LINEAR,
                true,
                one(0.8),
                one(0.9),
                10,
                100,
                true));
    CASES.put(
        "onecycle_per_group",
        o ->
            new OneCycleLR(
                o,
                new double[] {0.4, 0.1},
                30,
                0.3,
                OneCycleLR.Anneal.COS,
                true,
                new double[] {0.8, 0.85},
                new double[] {0.9, 0.95},
                25,
                1e4,
                false));
    CASES.put(
        "onecycle_no_momentum",
        o ->
            new OneCycleLR(
                o,
                one(0.2),
                31,
                0.3,
                OneCycleLR.Anneal.COS,
                false,
                one(0.85),
                one(0.95),
                25,
                1e4,
                false));
  }

  private static final Map<String, Function<Optimizer, ReduceLROnPlateau>> PLATEAU =
      new LinkedHashMap<>();

  static {
    PLATEAU.put(
        "plateau_min",
        o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.Mode.MIN, 0.5, 2, 1e-4, true, 0, 0, 1e-8));
    PLATEAU.put(
        "plateau_max_abs_cooldown",
        o ->
            new ReduceLROnPlateau(
                o, ReduceLROnPlateau.Mode.MAX, 0.3, 1, 0.01, false, 2, 0.004, 1e-8));
    PLATEAU.put(
        "plateau_min_lr_per_group",
        o ->
            new ReduceLROnPlateau(
                o,
                ReduceLROnPlateau.Mode.MIN,
                0.5,
                1,
                1e-4,
                true,
                0,
                new double[] {0.02, 0.004},
                1e-8));
  }

  /** The metric of step {@code i}, as in gen_sched_fixtures.py (negated for MAX cases). */
  private static double metric(int i) {
    return i < 8 ? 1.0 / (1 + 0.1 * i) : 0.56 + 0.01 * ((i * 7) % 5);
  }

  /** A one-element per-group list: the value for every group. */
  private static double[] one(double value) {
    return new double[] {value};
  }

  static Stream<String> plateauCases() {
    return PLATEAU.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("plateauCases")
  void plateauMatchesPyTorch(String name) throws IOException {
    List<double[]> expected = read(name + ".txt");
    Optimizer o = sgd();
    ReduceLROnPlateau s = PLATEAU.get(name).apply(o);
    double sign = name.contains("max") ? -1 : 1;
    assertClose(expected.get(0), s.getLastLr(), name + " initial");
    for (int step = 1; step < expected.size(); step++) {
      if (step == 15) {
        ReduceLROnPlateau resumed = PLATEAU.get(name).apply(o);
        resumed.loadStateDict(s.stateDict());
        s = resumed;
      }
      s.step(metric(step) * sign);
      assertClose(expected.get(step), s.getLastLr(), name + " step " + step);
    }
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  static Optimizer sgd() {
    Tensor w = Tensor.ones(2).requiresGrad_(true);
    Tensor b = Tensor.ones(1).requiresGrad_(true);
    return new SGD(
        List.of(new ParamGroup(List.of(w)), new ParamGroup(List.of(b), Map.of("lr", 0.05))),
        0.1,
        0,
        0,
        0,
        false,
        false);
  }

  private static double[] lrs(Optimizer o) {
    return o.paramGroups().stream().mapToDouble(g -> g.get("lr")).toArray();
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertTrue(
          Math.abs(expected[i] - actual[i]) <= RTOL * Math.abs(expected[i]),
          what + " group " + i + ": expected " + expected[i] + ", got " + actual[i]);
    }
  }

  private static List<double[]> read(String file) throws IOException {
    return Files.readAllLines(DIR.resolve(file)).stream()
        .map(l -> Arrays.stream(l.split(" ")).mapToDouble(Double::parseDouble).toArray())
        .toList();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesPyTorch(String name) throws IOException {
    List<double[]> expected = read(name + ".txt");
    List<double[]> momenta = read(name + ".momentum.txt");
    Optimizer o = sgd();
    LRScheduler s = CASES.get(name).apply(o);
    for (int step = 0; step < expected.size(); step++) {
      if (step > 0) {
        o.step();
        s.step();
      }
      assertClose(expected.get(step), s.getLastLr(), name + " step " + step);
      assertArrayEquals(s.getLastLr(), lrs(o), name + " step " + step + " optimizer rates");
      assertClose(
          momenta.get(step),
          o.paramGroups().stream().mapToDouble(g -> g.get("momentum")).toArray(),
          name + " step " + step + " momentum");
    }
  }

  @Test
  void everyFixtureHasACase() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      assertEquals(
          Stream.concat(CASES.keySet().stream(), PLATEAU.keySet().stream())
              .collect(Collectors.toSet()),
          files
              .map(p -> p.getFileName().toString().replace(".momentum.txt", "").replace(".txt", ""))
              .collect(Collectors.toSet()));
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void resumesFromStateDict(String name) {
    Optimizer a = sgd();
    LRScheduler sa = CASES.get(name).apply(a);
    for (int i = 0; i < 9; i++) {
      sa.step();
    }
    Optimizer b = sgd();
    LRScheduler sb = CASES.get(name).apply(b);
    b.loadStateDict(a.stateDict());
    sb.loadStateDict(sa.stateDict());
    assertEquals(sa.lastEpoch(), sb.lastEpoch());
    for (int i = 0; i < 12; i++) {
      sa.step();
      sb.step();
      assertArrayEquals(sa.getLastLr(), sb.getLastLr(), name + " step " + i);
    }
  }

  @Test
  void keepsAnExistingInitialLr() {
    Optimizer o = sgd();
    LRScheduler first = new StepLR(o, 1, 0.5);
    first.step();
    first.step();
    LRScheduler second = new ExponentialLR(o, 0.5);
    assertArrayEquals(new double[] {0.1, 0.05}, second.stateDict().baseLrs());
    assertArrayEquals(new double[] {0.025, 0.0125}, second.getLastLr());
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(), 0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new LinearLR(sgd(), 0, 1, 5));
    assertThrows(IllegalArgumentException.class, () -> new ConstantLR(sgd(), 1.5, 5));
    assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd(), 0));
    assertThrows(IllegalArgumentException.class, () -> new PolynomialLR(sgd(), 0, 1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LambdaLR(sgd(), List.of(x -> 1, x -> 1, x -> 1)));
    assertEquals("LambdaLR: expected 1 or 2 lr lambdas, got 3", e.getMessage());
    Optimizer o = sgd();
    LRScheduler step = new StepLR(o, 2, 0.5);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SequentialLR(o, List.of(step, new ExponentialLR(o, 0.5)), new int[] {2, 4}));
    assertEquals("SequentialLR: expected 1 milestones for 2 schedulers, got 2", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new SequentialLR(sgd(), List.of(step), new int[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ChainedScheduler(List.of(step, new StepLR(sgd(), 2, 0.5))));
    assertThrows(IllegalArgumentException.class, () -> new CyclicLR(sgd(), 0.01, 0.1, 0));
    IllegalArgumentException lists =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new OneCycleLR(
                    sgd(),
                    new double[] {0.1, 0.2, 0.3},
                    10,
                    0.3,
                    OneCycleLR.Anneal.COS,
                    true,
                    one(0.85),
                    one(0.95),
                    25,
                    1e4,
                    false));
    assertEquals("OneCycleLR: expected 1 or 2 maximum rates, got 3", lists.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ReduceLROnPlateau(sgd(), ReduceLROnPlateau.Mode.MIN, 1.0, 2, 0, true, 0, 0, 0));
    LRScheduler oneCycle = new OneCycleLR(sgd(), 0.1, 3);
    for (int i = 0; i < 3; i++) {
      oneCycle.step();
    }
    IllegalStateException past = assertThrows(IllegalStateException.class, oneCycle::step);
    assertEquals(
        "OneCycleLR: tried to step 5 times; the specified number of total steps is 3",
        past.getMessage());
  }
}
