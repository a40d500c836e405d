package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.optim.AdamW;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Replays a training-trajectory fixture written by tools/fixtures/trajectory_common.py: loads
 * PyTorch's initial weights with {@code loadStateDict(strict=true)}, trains with each optimizer of
 * {@link #OPTIMIZERS} on the recorded batches and compares the loss of every step with PyTorch's.
 * Tests of other models call {@link #check(String, Supplier)} with their case name.
 */
public final class TrajectoryParity {
  /**
   * Relative tolerance per step: float32 sums in another order drift a little more each update, so
   * 20 steps allow 1e-4 instead of the single-pass 1e-5.
   */
  public static final double RTOL = 1e-4;

  /** The optimizers of trajectory_common.OPTIMIZERS, by the same names. */
  public static final Map<String, Function<List<Tensor>, Optimizer>> OPTIMIZERS = optimizers();

  private TrajectoryParity() {}

  private static Map<String, Function<List<Tensor>, Optimizer>> optimizers() {
    Map<String, Function<List<Tensor>, Optimizer>> m = new LinkedHashMap<>();
    m.put("sgd_momentum", p -> new SGD(List.of(new ParamGroup(p)), 0.01, 0.9, 0, 0, false, false));
    m.put("adamw", p -> new AdamW(p, 1e-3));
    return m;
  }

  /** Cross entropy with class indices, mean over the batch (PyTorch's default). */
  public static Tensor crossEntropy(Tensor logits, Tensor target) {
    return Losses.crossEntropy(logits, target, null, -100, Reduction.MEAN, 0);
  }

  /** Checks case {@code name} with the cross-entropy loss. */
  public static void check(String name, Supplier<Module> model) throws Exception {
    check(name, model, TrajectoryParity::crossEntropy);
  }

  /**
   * Checks case {@code name}: {@code model} must build the architecture of the Python case (its
   * weights are replaced); {@code loss} maps (output, target) to the scalar loss.
   */
  public static void check(
      String name, Supplier<Module> model, BiFunction<Tensor, Tensor, Tensor> loss)
      throws Exception {
    Path dir = dir(name);
    Map<String, Tensor> weights = SafeTensors.read(dir.resolve("weights.safetensors")).tensors();
    Map<String, Tensor> data = SafeTensors.read(dir.resolve("batches.safetensors")).tensors();
    List<Tensor[]> batches = new ArrayList<>();
    for (int k = 0; data.containsKey("x." + k); k++) {
      batches.add(new Tensor[] {data.get("x." + k), data.get("y." + k)});
    }
    assertEquals(2 * batches.size(), data.size(), name + ": batches must be x.<k>, y.<k>");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          new TreeSet<>(OPTIMIZERS.keySet()),
          files
              .map(p -> p.getFileName().toString())
              .filter(f -> f.endsWith(".losses.npy"))
              .map(f -> f.substring(0, f.length() - ".losses.npy".length()))
              .collect(Collectors.toCollection(TreeSet::new)),
          name + ": optimizers with a loss file");
    }
    for (Map.Entry<String, Function<List<Tensor>, Optimizer>> o : OPTIMIZERS.entrySet()) {
      double[] expected = Npy.read(dir.resolve(o.getKey() + ".losses.npy")).toDoubleArray();
      Module m = model.get();
      LoadResult r = m.loadStateDict(weights, true);
      assertTrue(r.isClean(), r.toString());
      m.train();
      Optimizer opt = o.getValue().apply(m.parameters());
      for (int s = 0; s < expected.length; s++) {
        Tensor[] b = batches.get(s % batches.size());
        opt.zeroGrad();
        Tensor l = loss.apply(m.call(b[0]), b[1]);
        l.backward();
        opt.step();
        double got = l.item();
        assertTrue(
            Math.abs(got - expected[s]) <= RTOL * Math.abs(expected[s]),
            name
                + " / "
                + o.getKey()
                + ": loss of step "
                + s
                + " expected "
                + expected[s]
                + ", got "
                + got);
      }
    }
  }

  private static Path dir(String name) throws Exception {
    return Path.of(
        TrajectoryParity.class.getClassLoader().getResource("fixtures/trajectory/" + name).toURI());
  }
}
