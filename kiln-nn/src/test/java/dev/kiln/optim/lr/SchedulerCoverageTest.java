package dev.kiln.optim.lr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.CompiledClasses;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every public concrete {@link LRScheduler} of kiln-nn (found in the compiled classes, so a new one
 * without a case fails here) and {@link ReduceLROnPlateau} have a PyTorch learning-rate sequence
 * case in {@link SchedulerFixturesTest}.
 */
class SchedulerCoverageTest {
  @Test
  void everySchedulerHasAPyTorchFixtureCase() throws Exception {
    Set<Class<?>> covered = new HashSet<>();
    SchedulerFixturesTest.CASES
        .values()
        .forEach(c -> covered.add(c.apply(SchedulerFixturesTest.sgd()).getClass()));
    SchedulerFixturesTest.PLATEAU
        .values()
        .forEach(c -> covered.add(c.apply(SchedulerFixturesTest.sgd()).getClass()));
    Set<Class<?>> all =
        new HashSet<>(CompiledClasses.publicConcreteSubclasses(LRScheduler.class, "dev.kiln"));
    assertTrue(all.contains(StepLR.class), "scan found " + all);
    all.add(ReduceLROnPlateau.class);
    Set<String> missing = new TreeSet<>();
    for (Class<?> c : all) {
      if (!covered.contains(c)) {
        missing.add(c.getName());
      }
    }
    assertTrue(missing.isEmpty(), "schedulers with no PyTorch fixture case: " + missing);
  }
}
