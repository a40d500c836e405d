package dev.kiln.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.OptimizerState;
import dev.kiln.optim.ParamGroup;
import dev.kiln.optim.SGD;
import dev.kiln.optim.lr.ReduceLROnPlateau;
import dev.kiln.optim.lr.SchedulerState;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of a training checkpoint read back exactly: groups, plateau counters, generators. */
class TrainingCheckpointStateTest {
  @TempDir Path dir;

  /** A linear model under SGD with two groups, a plateau scheduler and its own generator. */
  private record Setup(
      Module model,
      Optimizer optimizer,
      ReduceLROnPlateau plateau,
      Generator g,
      TrainingCheckpoint ckpt) {
    static Setup create(long seed) {
      Generator g = new Generator(seed);
      Linear model = new Linear(3, 2, true, g);
      Map<String, Tensor> p = model.namedParameters();
      Optimizer opt =
          new SGD(
              List.of(
                  new ParamGroup(List.of(p.get("weight"))),
                  new ParamGroup(List.of(p.get("bias")), Map.of("lr", 0.3, "momentum", 0.5))),
              0.1,
              0.9,
              0,
              0,
              false,
              false);
      ReduceLROnPlateau plateau =
          new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 1, 1e-4, true, 0, 0, 1e-8);
      TrainingCheckpoint ckpt =
          new TrainingCheckpoint(model, opt).withScheduler(plateau).withGenerator("init", g);
      return new Setup(model, opt, plateau, g, ckpt);
    }

    void train(int steps) {
      for (int s = 0; s < steps; s++) {
        optimizer.zeroGrad();
        model.call(Tensor.ones(4, 3)).pow(2).mean().backward();
        optimizer.step();
        plateau.step(10.0); // never improves after the first: the rate halves
      }
    }
  }

  private static void assertSameOptimizerState(OptimizerState a, OptimizerState b) {
    assertEquals(a.groupOptions(), b.groupOptions());
    assertEquals(a.state().keySet(), b.state().keySet());
    a.state()
        .forEach(
            (i, st) ->
                st.forEach(
                    (k, t) ->
                        assertArrayEquals(
                            t.toDoubleArray(), b.state().get(i).get(k).toDoubleArray(), i + k)));
  }

  @Test
  void everyPartReadsBackExactly() throws Exception {
    Setup a = Setup.create(1);
    a.train(4);
    Tensor.rand(a.g, 3);
    Path p = dir.resolve("c.safetensors");
    a.ckpt.save(p, 7, 42);

    Setup b = Setup.create(2);
    TrainingCheckpoint.Restored r = b.ckpt.load(p);
    assertEquals(new TrainingCheckpoint.Restored(7, 42, r.model()), r);
    assertTrue(r.model().isClean());
    assertSameOptimizerState(a.optimizer.stateDict(), b.optimizer.stateDict());
    SchedulerState sa = a.plateau.stateDict();
    SchedulerState sb = b.plateau.stateDict();
    assertEquals(sa.lastEpoch(), sb.lastEpoch());
    assertEquals(sa.extra(), sb.extra());
    assertTrue(b.optimizer.paramGroups().get(0).get("lr") < 0.1, "the plateau reduced the rate");
    assertEquals(a.g.getState(), b.g.getState());
  }

  @Test
  void aFreshPlateauSchedulerWithInfiniteBestRoundTrips() throws Exception {
    Setup a = Setup.create(1);
    Path p = dir.resolve("c.safetensors");
    a.ckpt.save(p, 0, 0);
    assertEquals("Infinity", SafeTensors.read(p).metadata().get("scheduler.extra.best"));
    Setup b = Setup.create(1);
    b.plateau.step(1.0);
    b.ckpt.load(p);
    assertEquals(Double.POSITIVE_INFINITY, b.plateau.stateDict().extra().get("best"));
  }

  @Test
  void missingOrBrokenEntriesAreNamed() throws Exception {
    Setup a = Setup.create(1);
    Path p = dir.resolve("c.safetensors");
    a.ckpt.save(p, 0, 0);
    SafeTensors.Content c = SafeTensors.read(p);
    Map<String, String> meta = new HashMap<>(c.metadata());
    meta.remove("generator.init.offset");
    SafeTensors.write(p, c.tensors(), meta);
    assertEquals(
        p + ": malformed checkpoint: metadata has no entry 'generator.init.offset'",
        assertThrows(IllegalArgumentException.class, () -> a.ckpt.load(p)).getMessage());
    meta.put("generator.init.offset", "x1");
    SafeTensors.write(p, c.tensors(), meta);
    assertEquals(
        p + ": malformed checkpoint: metadata 'generator.init.offset' is not an integer: 'x1'",
        assertThrows(IllegalArgumentException.class, () -> a.ckpt.load(p)).getMessage());
  }

  @Test
  void generatorNamesAreChecked() {
    Setup a = Setup.create(1);
    assertThrows(IllegalArgumentException.class, () -> a.ckpt.withGenerator("init", a.g));
    assertThrows(IllegalArgumentException.class, () -> a.ckpt.withGenerator("a.b", a.g));
    assertThrows(IllegalStateException.class, () -> a.ckpt.withScheduler(a.plateau));
  }
}
