package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.CompiledClasses;
import dev.kiln.nn.Linear;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every public concrete {@link Optimizer} of kiln-nn (found in the compiled classes, so a new one
 * without a case fails here) has a PyTorch trajectory case in {@link OptimFixturesTest}.
 */
class OptimizerCoverageTest {
  @Test
  void everyOptimizerHasAPyTorchFixtureCase() throws Exception {
    Set<Class<?>> covered = new HashSet<>();
    OptimFixturesTest.CASES
        .values()
        .forEach(c -> covered.add(c.apply(new Linear(3, 2)).getClass()));
    Set<Class<?>> all = CompiledClasses.publicConcreteSubclasses(Optimizer.class, "dev.kiln");
    assertTrue(all.contains(SGD.class) && all.contains(LBFGS.class), "scan found " + all);
    Set<String> missing = new TreeSet<>();
    for (Class<?> c : all) {
      if (!covered.contains(c)) {
        missing.add(c.getName());
      }
    }
    assertTrue(missing.isEmpty(), "optimizers with no PyTorch fixture case: " + missing);
  }
}
