package dev.kiln.optim.swa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.io.Npy;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.BatchNorm1d;
import dev.kiln.nn.Linear;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.optim.ParamGroup;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trains a Linear-BatchNorm-ReLU-Linear model with SGD for 5 steps, averaging it after each, and
 * compares the averaged model's state dict after updates 1 and 5 with PyTorch's
 * (tools/fixtures/gen_optim_fixtures.py, directory swa).
 */
class AveragedModelTest {
  /** Five float32 SGD steps through batch norm, then a handful of float32 averages. */
  private static final double RTOL = 1e-5;

  private static final double ATOL = 1e-6;

  private static Path root() throws Exception {
    return Path.of(AveragedModelTest.class.getClassLoader().getResource("fixtures/swa").toURI());
  }

  private static Sequential make() {
    return new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 2));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"swa", "ema_buffers"})
  void matchesPyTorch(String name) throws Exception {
    Sequential model = make();
    model.loadStateDict(SafeTensors.read(root().resolve("weights.safetensors")).tensors());
    AveragedModel<Sequential> averaged =
        name.equals("swa")
            ? new AveragedModel<>(model, make())
            : new AveragedModel<>(model, make(), AveragedModel.ema(0.8), true);
    SGD opt = new SGD(List.of(new ParamGroup(model.parameters())), 0.1, 0.9, 0, 0, false, false);
    Path optim = root().resolveSibling("optim");
    Tensor x = Npy.read(optim.resolve("input.npy"));
    Tensor t = Npy.read(optim.resolve("target.npy"));
    for (int step = 1; step <= 5; step++) {
      opt.zeroGrad();
      Losses.mseLoss(model.call(x), t, Reduction.MEAN).backward();
      opt.step();
      averaged.updateParameters(model);
      if (step == 1 || step == 5) {
        Map<String, Tensor> expected =
            SafeTensors.read(root().resolve(name).resolve("step" + step + ".safetensors"))
                .tensors();
        Map<String, Tensor> actual = averaged.stateDict();
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(actual.keySet()));
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
          Tensor a = actual.get(e.getKey());
          assertTrue(
              a.allclose(e.getValue(), RTOL, ATOL, false),
              name
                  + " step "
                  + step
                  + " "
                  + e.getKey()
                  + ": expected "
                  + e.getValue()
                  + " got "
                  + a);
        }
      }
    }
    assertEquals(5, averaged.nAveraged());
  }

  @Test
  void averagesEquallyAndRejectsMismatchedModels() {
    Linear model = new Linear(2, 1);
    AveragedModel<Linear> swa = new AveragedModel<>(model, new Linear(2, 1));
    Tensor w0 = model.parameters().get(0).detach().clone();
    swa.updateParameters(model);
    try (GradMode.Scope s = Autograd.noGrad()) {
      model.parameters().get(0).add_(3.0);
    }
    swa.updateParameters(model);
    assertTrue(swa.module().parameters().get(0).detach().allclose(w0.add(1.5)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> swa.updateParameters(new Sequential(new Linear(2, 1), new Linear(1, 1))));
    assertTrue(
        e.getMessage().endsWith("the model has 4 tensors to average, the averaged copy 2"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AveragedModel<>(model, model));
    assertThrows(IllegalArgumentException.class, () -> AveragedModel.ema(1.5));
  }
}
