package dev.kiln.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Kiln;
import dev.kiln.io.SafeTensors;
import dev.kiln.io.WriteFailures;
import dev.kiln.nn.Linear;
import dev.kiln.nn.LoadResult;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training checkpoints resume bit for bit, survive failed writes and name every bad key. */
class TrainingCheckpointTest {
  @TempDir Path dir;

  /** The model's state as the bytes of its state-dict file. */
  private byte[] modelBytes(Module m) throws IOException {
    Path p = dir.resolve("model-" + System.nanoTime() + ".safetensors");
    Checkpoints.saveModel(p, m);
    return Files.readAllBytes(p);
  }

  @Test
  void resumingInAFreshJvmMatchesTheUninterruptedRunBitForBit() throws Exception {
    Kiln.manualSeed(5);
    ResumeRun run = new ResumeRun();
    run.train(0, 10);
    Path ckpt = dir.resolve("run.safetensors");
    run.checkpoint.save(ckpt, 0, 10);
    byte[] atCheckpoint = modelBytes(run.model);
    run.train(10, ResumeRun.STEPS);
    byte[] uninterrupted = modelBytes(run.model);

    Path resumed = dir.resolve("resumed.safetensors");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child =
        new ProcessBuilder(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                ResumeRun.class.getName(),
                ckpt.toString(),
                resumed.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, child.exitValue(), "child JVM failed:\n" + output);

    assertArrayEquals(uninterrupted, Files.readAllBytes(resumed));
    assertFalse(Arrays.equals(atCheckpoint, uninterrupted), "the last 10 steps changed nothing");
  }

  @Test
  void theGeneratorStateMatters() throws Exception {
    Kiln.manualSeed(5);
    ResumeRun run = new ResumeRun();
    run.train(0, 10);
    Path ckpt = dir.resolve("run.safetensors");
    run.checkpoint.save(ckpt, 0, 10);
    run.train(10, ResumeRun.STEPS);
    byte[] uninterrupted = modelBytes(run.model);

    ResumeRun resumed = new ResumeRun();
    resumed.checkpoint.load(ckpt);
    Generator.defaultGenerator().manualSeed(1); // dropout masks now differ from the original run
    resumed.train(10, ResumeRun.STEPS);
    assertFalse(Arrays.equals(uninterrupted, modelBytes(resumed.model)));
  }

  @Test
  void aWriteFailingMidwayLeavesThePreviousCheckpointLoadable() throws Exception {
    Kiln.manualSeed(6);
    ResumeRun run = new ResumeRun();
    run.train(0, 5);
    Path ckpt = dir.resolve("run.safetensors");
    run.checkpoint.save(ckpt, 1, 5);
    byte[] saved = modelBytes(run.model);
    var optimizerAt5 = run.optimizer.stateDict();
    run.train(5, 10);

    IOException e = WriteFailures.failAfter(1000, () -> run.checkpoint.save(ckpt, 2, 10));
    assertNotNull(e, "the write should have failed");
    assertEquals("injected failure after 1000 bytes", e.getMessage());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of(),
          files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "temporary file left behind");
    }

    ResumeRun fresh = new ResumeRun();
    TrainingCheckpoint.Restored r = fresh.checkpoint.load(ckpt);
    assertEquals(1, r.epoch());
    assertEquals(5, r.step());
    assertTrue(r.model().isClean());
    assertArrayEquals(saved, modelBytes(fresh.model));
    assertArrayEquals(
        optimizerAt5.state().get(0).get("exp_avg").toFloatArray(),
        fresh.optimizer.stateDict().state().get(0).get("exp_avg").toFloatArray());
    assertEquals(5, fresh.scheduler.stateDict().lastEpoch());
  }

  @Test
  void loadingWrongShapesNamesEveryMismatchedKey() throws Exception {
    Path p = dir.resolve("model.safetensors");
    Checkpoints.saveModel(p, new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2)));
    Module other = new Sequential(new Linear(5, 3), new ReLU(), new Linear(3, 7));
    Map<String, Tensor> before = other.stateDict();
    float[] w0 = before.get("0.weight").toFloatArray();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoints.loadModel(p, other));
    String m = e.getMessage();
    assertTrue(m.startsWith(p.toString()), m);
    for (String key :
        List.of(
            "0.weight: checkpoint shape [3, 4], module shape [3, 5]",
            "2.weight: checkpoint shape [2, 3], module shape [7, 3]",
            "2.bias: checkpoint shape [2], module shape [7]")) {
      assertTrue(m.contains(key), "missing '" + key + "' in: " + m);
    }
    assertFalse(m.contains("0.bias"), m);
    assertArrayEquals(w0, other.stateDict().get("0.weight").toFloatArray(), "load changed weights");
  }

  @Test
  void aNonStrictLoadReportsMissingAndUnexpectedKeys() throws Exception {
    Path p = dir.resolve("model.safetensors");
    Map<String, Module> saved = new LinkedHashMap<>();
    saved.put("0", new Linear(4, 3));
    saved.put("old", new Linear(3, 1));
    Checkpoints.saveModel(p, new Sequential(saved));
    Module grown = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    LoadResult r = Checkpoints.loadModel(p, grown, false);
    assertEquals(List.of("2.weight", "2.bias"), r.missing());
    assertEquals(List.of("old.bias", "old.weight"), r.unexpected().stream().sorted().toList());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoints.loadModel(p, grown));
    assertTrue(e.getMessage().contains("missing keys [2.weight, 2.bias]"), e.getMessage());
  }

  @Test
  void aFailingTrainingLoadChangesNothing() throws Exception {
    Kiln.manualSeed(7);
    ResumeRun run = new ResumeRun();
    run.train(0, 3);
    Path ckpt = dir.resolve("run.safetensors");
    run.checkpoint.save(ckpt, 0, 3);
    Map<String, Tensor> tensors = new LinkedHashMap<>(SafeTensors.read(ckpt).tensors());
    tensors.put("model.4.bias", Tensor.zeros(5));
    tensors.put("model.extra", Tensor.zeros(1));
    SafeTensors.write(ckpt, tensors, SafeTensors.read(ckpt).metadata());

    ResumeRun other = new ResumeRun();
    other.train(0, 1);
    byte[] model = modelBytes(other.model);
    float[] expAvg = other.optimizer.stateDict().state().get(0).get("exp_avg").toFloatArray();
    int epoch = other.scheduler.stateDict().lastEpoch();
    Generator.State rng = Generator.defaultGenerator().getState();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> other.checkpoint.load(ckpt));
    assertTrue(
        e.getMessage().contains("4.bias: checkpoint shape [5], module shape [4]"), e.getMessage());
    assertTrue(e.getMessage().contains("unexpected keys [extra]"), e.getMessage());
    assertArrayEquals(model, modelBytes(other.model));
    assertArrayEquals(
        expAvg, other.optimizer.stateDict().state().get(0).get("exp_avg").toFloatArray());
    assertEquals(epoch, other.scheduler.stateDict().lastEpoch());
    assertEquals(rng, Generator.defaultGenerator().getState());
  }

  @Test
  void aFileThatIsNotATrainingCheckpointIsRefused() throws Exception {
    Path p = dir.resolve("model.safetensors");
    ResumeRun run = new ResumeRun();
    Checkpoints.saveModel(p, run.model);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> run.checkpoint.load(p));
    assertEquals(
        p
            + ": malformed checkpoint: metadata 'format' is 'null', expected "
            + TrainingCheckpoint.FORMAT,
        e.getMessage());
  }
}
