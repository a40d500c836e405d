package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Linear;
import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trains the fixture's Linear(3, 2) for 5 steps (8 for the "_long" cases) with each optimizer
 * configuration, stepping with a closure, and compares the parameters after steps 1, 5 (and 8) with
 * PyTorch's (tools/fixtures/gen_optim_fixtures.py).
 */
class OptimFixturesTest {
  /** Five float32 steps; Adam's division by a small sqrt amplifies rounding a little. */
  private static final double RTOL = 1e-5;

  private static final double ATOL = 1e-6;

  private static final Map<String, Function<Linear, Optimizer>> CASES = new LinkedHashMap<>();

  private static List<ParamGroup> groups(
      Linear m, Map<String, Double> weightOpts, Map<String, Double> biasOpts) {
    List<Tensor> p = m.parameters();
    return List.of(
        new ParamGroup(List.of(p.get(0)), weightOpts), new ParamGroup(List.of(p.get(1)), biasOpts));
  }

  static {
    CASES.put("sgd", m -> new SGD(m.parameters(), 0.1));
    CASES.put(
        "sgd_momentum_dampening_wd",
        m -> new SGD(List.of(new ParamGroup(m.parameters())), 0.1, 0.9, 0.2, 0.05, false, false));
    CASES.put(
        "sgd_nesterov_maximize",
        m -> new SGD(List.of(new ParamGroup(m.parameters())), 0.05, 0.8, 0, 0, true, true));
    CASES.put(
        "sgd_groups",
        m ->
            new SGD(
                groups(m, Map.of(), Map.of("lr", 0.05, "momentum", 0.5)),
                0.1,
                0,
                0,
                0,
                false,
                false));
    CASES.put("adam", m -> new Adam(m.parameters(), 0.05));
    CASES.put(
        "adam_amsgrad_wd",
        m ->
            new Adam(
                List.of(new ParamGroup(m.parameters())), 0.05, 0.8, 0.99, 1e-8, 0.1, true, false));
    CASES.put(
        "adam_maximize",
        m ->
            new Adam(
                List.of(new ParamGroup(m.parameters())), 0.02, 0.9, 0.999, 1e-8, 0, false, true));
    CASES.put("adamw", m -> new AdamW(m.parameters(), 0.05));
    CASES.put(
        "adamw_amsgrad_groups",
        m ->
            new AdamW(
                groups(m, Map.of("weight_decay", 0.3), Map.of("lr", 0.01)),
                0.05,
                0.9,
                0.999,
                1e-8,
                0.01,
                true,
                false));
  }

  static {
    CASES.put("adamax", m -> new Adamax(single(m), 0.05, 0.9, 0.999, 1e-8, 0, false));
    CASES.put(
        "adamax_groups_wd_maximize",
        m ->
            new Adamax(
                groups(m, Map.of("weight_decay", 0.2), Map.of("beta1", 0.5, "beta2", 0.9)),
                0.03,
                0.9,
                0.999,
                1e-3,
                0,
                true));
    CASES.put("nadam", m -> new NAdam(single(m), 0.05, 0.9, 0.999, 1e-8, 0, 4e-3));
    CASES.put(
        "nadam_groups_wd",
        m ->
            new NAdam(
                groups(m, Map.of("momentum_decay", 0.1), Map.of("lr", 0.01)),
                0.05,
                0.8,
                0.95,
                1e-8,
                0.1,
                4e-3));
    CASES.put("radam_long", m -> new RAdam(single(m), 0.05, 0.9, 0.999, 1e-8, 0));
    CASES.put(
        "radam_groups_wd_long",
        m ->
            new RAdam(
                groups(m, Map.of("beta1", 0.7, "beta2", 0.9), Map.of("weight_decay", 0.3)),
                0.04,
                0.9,
                0.999,
                1e-6,
                0));
    CASES.put("rmsprop", m -> new RMSprop(single(m), 0.01, 0.99, 1e-8, 0, 0, false, false));
    CASES.put(
        "rmsprop_momentum_centered_wd_maximize",
        m -> new RMSprop(single(m), 0.01, 0.9, 1e-8, 0.1, 0.5, true, true));
    CASES.put(
        "rmsprop_groups",
        m ->
            new RMSprop(
                groups(m, Map.of("centered", 1.0), Map.of("momentum", 0.9)),
                0.02,
                0.99,
                1e-6,
                0,
                0,
                false,
                false));
    CASES.put("adagrad", m -> new Adagrad(single(m), 0.1, 0, 0, 0, 1e-10, false));
    CASES.put(
        "adagrad_groups_decay_accumulator_wd",
        m ->
            new Adagrad(
                groups(m, Map.of("lr_decay", 0.5), Map.of("weight_decay", 0.2, "maximize", 1.0)),
                0.1,
                0,
                0,
                0.3,
                1e-6,
                false));
    CASES.put("adadelta", m -> new Adadelta(m.parameters()));
    CASES.put(
        "adadelta_groups_rho_wd_maximize",
        m ->
            new Adadelta(
                groups(
                    m, Map.of("rho", 0.5, "weight_decay", 0.1), Map.of("lr", 0.5, "maximize", 1.0)),
                2.0,
                0.9,
                1e-4,
                0,
                false));
    CASES.put("rprop", m -> new Rprop(single(m), 0.01, 0.5, 1.2, 1e-6, 50, false));
    CASES.put(
        "rprop_groups_maximize",
        m ->
            new Rprop(
                groups(
                    m,
                    Map.of("etaminus", 0.3, "etaplus", 1.5),
                    Map.of("step_size_min", 1e-3, "step_size_max", 0.012, "maximize", 1.0)),
                0.02,
                0.5,
                1.2,
                1e-6,
                50,
                false));
    CASES.put("asgd", m -> new ASGD(single(m), 0.05, 1e-4, 0.75, 1e6, 0, false));
    CASES.put(
        "asgd_groups_wd_maximize",
        m ->
            new ASGD(
                groups(
                    m,
                    Map.of("lambd", 0.1, "alpha", 0.5, "weight_decay", 0.2),
                    Map.of("t0", 2.0, "maximize", 1.0)),
                0.05,
                1e-4,
                0.75,
                1e6,
                0,
                false));
    CASES.put("lbfgs", m -> new LBFGS(m.parameters(), 0.1, 3, 3, 1e-7, 1e-9, 100, false));
    CASES.put(
        "lbfgs_history2_tolerances",
        m -> new LBFGS(m.parameters(), 0.2, 4, 3, 1e-7, 1e-4, 2, false));
    CASES.put("lbfgs_strong_wolfe", m -> new LBFGS(m.parameters(), 0.5, 2, 2, 1e-7, 1e-9, 3, true));
  }

  private static List<ParamGroup> single(Linear m) {
    return List.of(new ParamGroup(m.parameters()));
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  private static Path root() throws Exception {
    return Path.of(OptimFixturesTest.class.getClassLoader().getResource("fixtures/optim").toURI());
  }

  private static Linear model() throws Exception {
    Linear m = new Linear(3, 2);
    m.loadStateDict(SafeTensors.read(root().resolve("weights.safetensors")).tensors());
    return m;
  }

  private static void train(Linear m, Optimizer opt, int steps) throws Exception {
    Tensor x = Npy.read(root().resolve("input.npy"));
    Tensor t = Npy.read(root().resolve("target.npy"));
    for (int i = 0; i < steps; i++) {
      opt.step(
          () -> {
            opt.zeroGrad();
            Tensor loss = Losses.mseLoss(m.forward(x), t, Reduction.MEAN);
            loss.backward();
            return loss;
          });
    }
  }

  @Test
  void everyFixtureDirectoryHasACase() throws Exception {
    try (Stream<Path> dirs = Files.list(root())) {
      assertEquals(
          new TreeSet<>(CASES.keySet()),
          dirs.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorchTrajectory(String name) throws Exception {
    Linear m = model();
    Optimizer opt = CASES.get(name).apply(m);
    train(m, opt, 1);
    assertParams(name, 1, m);
    train(m, opt, 4);
    assertParams(name, 5, m);
    if (name.endsWith("_long")) {
      train(m, opt, 3);
      assertParams(name, 8, m);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stateDictRoundTripResumesTheTrajectory(String name) throws Exception {
    Linear m = model();
    Optimizer opt = CASES.get(name).apply(m);
    train(m, opt, 1);
    OptimizerState saved = opt.stateDict();
    Linear resumed = model();
    resumed.loadStateDict(m.stateDict());
    Optimizer opt2 = CASES.get(name).apply(resumed);
    opt2.loadStateDict(saved);
    train(resumed, opt2, 4);
    assertParams(name, 5, resumed);
  }

  private static void assertParams(String name, int step, Linear m) throws Exception {
    for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
      Tensor expected =
          Npy.read(root().resolve(name).resolve("step" + step + "." + p.getKey() + ".npy"));
      assertTrue(
          p.getValue().detach().allclose(expected, RTOL, ATOL, false),
          name
              + " step "
              + step
              + " "
              + p.getKey()
              + ": expected "
              + expected
              + " got "
              + p.getValue());
    }
  }

  @Test
  void refusesNonLeafDuplicateAndEmptyParameters() {
    Tensor w = Tensor.ones(2).requiresGrad_(true);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w.mul(2.0)), 0.1));
    assertEquals("SGD: can't optimize a non-leaf tensor (shape [2])", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Adam(
                    List.of(new ParamGroup(List.of(w)), new ParamGroup(List.of(w))),
                    0.1,
                    0.9,
                    0.999,
                    1e-8,
                    0,
                    false,
                    false));
    assertEquals("Adam: a parameter (shape [2]) appears more than once", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AdamW(List.of(), 0.1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SGD(List.of(new ParamGroup(List.of(w))), 0.1, 0, 0, 0, true, false));
  }

  @Test
  void stepWithAClosureReturnsItsFirstLoss() throws Exception {
    for (String name : new String[] {"sgd", "lbfgs_strong_wolfe"}) {
      Linear m = model();
      Optimizer opt = CASES.get(name).apply(m);
      Tensor x = Npy.read(root().resolve("input.npy"));
      Tensor t = Npy.read(root().resolve("target.npy"));
      double before = Losses.mseLoss(m.forward(x), t, Reduction.MEAN).item();
      Tensor loss =
          opt.step(
              () -> {
                opt.zeroGrad();
                Tensor l = Losses.mseLoss(m.forward(x), t, Reduction.MEAN);
                l.backward();
                return l;
              });
      assertEquals(before, loss.item(), name);
      assertTrue(Losses.mseLoss(m.forward(x), t, Reduction.MEAN).item() < before, name);
    }
  }

  @Test
  void lbfgsNeedsAClosureAndOptionsAreChecked() {
    Tensor w = Tensor.ones(2).requiresGrad_(true);
    LBFGS opt = new LBFGS(List.of(w));
    w.sum().backward();
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> opt.step());
    assertTrue(e.getMessage().startsWith("LBFGS: step() needs the loss"), e.getMessage());
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RMSprop(
                    List.of(new ParamGroup(List.of(w), Map.of("momentum", -0.5))),
                    0.01,
                    0.99,
                    1e-8,
                    0,
                    0,
                    false,
                    false));
    assertTrue(
        bad.getMessage()
            .startsWith("RMSprop: expected lr, alpha, eps, weight_decay, momentum >= 0"),
        bad.getMessage());
  }

  @Test
  void zeroGradAndMismatchedStateAreHandled() {
    Tensor w = Tensor.ones(2).requiresGrad_(true);
    SGD opt = new SGD(List.of(new ParamGroup(List.of(w))), 0.1, 0.9, 0, 0, false, false);
    w.sum().backward();
    opt.step();
    opt.zeroGrad(false);
    assertEquals(0.0, w.grad().abs().sum().item());
    opt.zeroGrad(true);
    assertEquals(null, w.grad());
    Tensor other = Tensor.ones(3).requiresGrad_(true);
    SGD opt2 = new SGD(List.of(new ParamGroup(List.of(other))), 0.1, 0.9, 0, 0, false, false);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> opt2.loadStateDict(opt.stateDict()));
    assertTrue(e.getMessage().contains("has shape [2], parameter has [3]"), e.getMessage());
  }
}
