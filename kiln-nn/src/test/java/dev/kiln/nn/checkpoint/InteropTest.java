package dev.kiln.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.io.Npy;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Linear;
import dev.kiln.nn.LoadResult;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.ModuleDict;
import dev.kiln.nn.ParameterDict;
import dev.kiln.nn.ParameterList;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's state dicts load into the same Kiln models with strict key matching and give the same
 * outputs; Kiln's saved files load back exactly, and PyTorch loads them (checked by
 * tools/fixtures/gen_nn_interop_fixtures.py --verify on the committed Kiln-written file).
 */
class InteropTest {
  /** float32 results of a few fused multiply-adds: PyTorch and Kiln may sum in another order. */
  private static final double RTOL = 1e-5;

  private static final double ATOL = 1e-6;

  /** Where this test writes Kiln's file and output; copy them to from_kiln/ to regenerate. */
  private static final Path WRITTEN = Path.of("target", "interop-from-kiln");

  /** Linear, LayerNorm, ReLU (PyTorch's Block). */
  static final class Block extends Module {
    private final Linear linear;
    private final LayerNorm norm;

    Block(int in, int out) {
      linear = registerModule("linear", new Linear(in, out));
      norm = registerModule("norm", new LayerNorm(out));
    }

    @Override
    public Tensor forward(Tensor x) {
      return norm.call(linear.call(x)).relu();
    }
  }

  /** PyTorch's InteropMLP: heads["main"](encoder(x)) * scales[0] + offsets["main"]. */
  static final class InteropMlp extends Module {
    private final Sequential encoder;
    private final ModuleDict heads;
    private final ParameterList scales;
    private final ParameterDict offsets;

    InteropMlp() {
      Map<String, Module> blocks = new LinkedHashMap<>();
      blocks.put("input", new Block(6, 8));
      blocks.put("hidden", new Block(8, 8));
      encoder = registerModule("encoder", new Sequential(blocks));
      heads = registerModule("heads", new ModuleDict(Map.of("main", new Linear(8, 3))));
      scales = registerModule("scales", new ParameterList(Tensor.zeros(3).requiresGrad_(true)));
      offsets =
          registerModule(
              "offsets", new ParameterDict(Map.of("main", Tensor.zeros(3).requiresGrad_(true))));
    }

    @Override
    public Tensor forward(Tensor x) {
      return heads.get("main").call(encoder.call(x)).mul(scales.get(0)).add(offsets.get("main"));
    }
  }

  /** PyTorch's interop_cnn(), initialised from {@code g}. */
  static Module cnn(Generator g) {
    Map<String, Module> layers = new LinkedHashMap<>();
    int[] k3 = {3, 3};
    layers.put("conv1", new Conv2d(1, 4, k3, ConvOptions.defaults().withPadding(1), true, g));
    layers.put("bn1", new BatchNorm2d(4));
    layers.put("relu1", new ReLU());
    layers.put("pool", new MaxPool2d(2));
    layers.put("conv2", new Conv2d(4, 8, k3, ConvOptions.defaults(), true, g));
    layers.put("bn2", new BatchNorm2d(8));
    layers.put("relu2", new ReLU());
    layers.put("flatten", new Flatten());
    layers.put("fc", new Linear(32, 5, true, g));
    return new Sequential(layers);
  }

  private static Path fixture(String name) throws Exception {
    return Path.of(
        InteropTest.class.getClassLoader().getResource("fixtures/interop/" + name).toURI());
  }

  private static Tensor evalOutput(Module m, Tensor x) {
    m.eval();
    try (GradMode.Scope s = Autograd.noGrad()) {
      return m.call(x);
    }
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertTrue(
        actual.allclose(expected, RTOL, ATOL, false),
        what + ": expected " + expected + " got " + actual);
  }

  private static void pyTorchModelMatches(String name, Module m) throws Exception {
    LoadResult r = Checkpoints.loadModel(fixture(name + "/weights.safetensors"), m, true);
    assertTrue(r.isClean(), r.toString());
    Tensor x = Npy.read(fixture(name + "/input.npy"));
    assertClose(name, Npy.read(fixture(name + "/output.npy")), evalOutput(m, x));
  }

  @Test
  void pyTorchMlpWithNestedNamesAndParameterContainers() throws Exception {
    pyTorchModelMatches("mlp", new InteropMlp());
  }

  @Test
  void pyTorchCnnWithBatchNormBuffers() throws Exception {
    pyTorchModelMatches("cnn", cnn(new Generator(1)));
  }

  /** A CNN from Kiln's own initialisation, with non-trivial batch-norm parameters and buffers. */
  private static Module kilnCnn() {
    Generator g = new Generator(2026);
    Module m = cnn(g);
    try (GradMode.Scope s = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
        String key = e.getKey();
        Tensor t = e.getValue();
        if (key.endsWith("num_batches_tracked")) {
          t.fill_(5);
        } else if (key.endsWith("running_var")) {
          t.copy_(Tensor.rand(g, t.shape()).add(0.5));
        } else if (key.startsWith("bn")) {
          t.copy_(Tensor.randn(g, t.shape()));
        }
      }
    }
    return m;
  }

  @Test
  void kilnWrittenFileIsTheCommittedOneAndLoadsBackExactly() throws Exception {
    Module m = kilnCnn();
    Files.createDirectories(WRITTEN);
    Path written = WRITTEN.resolve("cnn.safetensors");
    Checkpoints.saveModel(written, m);
    Tensor x = Npy.read(fixture("cnn/input.npy"));
    Tensor y = evalOutput(m, x);
    Npy.write(WRITTEN.resolve("cnn_output.npy"), y);

    Path committed = fixture("from_kiln/cnn.safetensors");
    assertArrayEquals(
        Files.readAllBytes(committed),
        Files.readAllBytes(written),
        "Kiln's file differs from the committed one; if that is intended, copy "
            + WRITTEN.toAbsolutePath()
            + "/* to fixtures/interop/from_kiln/ and rerun gen_nn_interop_fixtures.py --verify");
    assertClose("Kiln output", Npy.read(fixture("from_kiln/cnn_output.npy")), y);

    Module back = cnn(new Generator(3));
    assertTrue(Checkpoints.loadModel(committed, back).isClean());
    Map<String, Tensor> expected = m.stateDict();
    Map<String, Tensor> got = back.stateDict();
    assertEquals(expected.keySet(), got.keySet());
    for (String k : expected.keySet()) {
      assertEquals(expected.get(k).dtype(), got.get(k).dtype(), k);
      assertArrayEquals(expected.get(k).toDoubleArray(), got.get(k).toDoubleArray(), k);
    }
    Path again = WRITTEN.resolve("cnn-again.safetensors");
    Checkpoints.saveModel(again, back);
    assertArrayEquals(Files.readAllBytes(committed), Files.readAllBytes(again));
  }
}
