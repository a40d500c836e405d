package dev.kiln.nn.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weight and spectral norm bookkeeping: names, keys, training and errors. */
class NormUtilsTest {
  @Test
  void weightNormReplacesTheParameterAndTrainsThroughGAndV() {
    Linear l = WeightNorm.apply(new Linear(3, 2));
    assertEquals(List.of("bias", "weight_g", "weight_v"), List.copyOf(l.stateDict().keySet()));
    assertEquals(3, l.parameters().size());
    Tensor g = l.parameter("weight_g");
    assertEquals(List.of(2, 1), List.of(g.size(0), g.size(1)));
    l.call(Tensor.ones(4, 3)).sum().backward();
    assertTrue(g.grad() != null && l.parameter("weight_v").grad() != null);
    // The layer sees v * g / ||v|| with rows of norm |g|.
    Tensor rowNorms = l.parameter("weight").norm(2, new int[] {1}, true);
    assertTrue(rowNorms.allclose(g.abs().detach(), 1e-5, 1e-6, false));
  }

  @Test
  void weightNormIsRecomputedOnEveryCall() {
    Linear l = WeightNorm.apply(new Linear(3, 2));
    Tensor before = l.parameter("weight").detach().clone();
    Tensor g = l.parameter("weight_g");
    try (GradMode.Scope s = Autograd.noGrad()) {
      g.mul_(2.0);
    }
    Tensor x = Tensor.ones(1, 3);
    l.call(x);
    assertTrue(l.parameter("weight").detach().allclose(before.mul(2.0), 1e-6, 1e-6, false));
  }

  @Test
  void anOptimizerTrainsGAndV() {
    Linear l = WeightNorm.apply(new Linear(3, 2, true, new Generator(5)));
    SGD opt = new SGD(l.parameters(), 0.02);
    Tensor x = Tensor.ones(4, 3);
    double first = 0;
    double last = 0;
    for (int step = 0; step < 5; step++) {
      opt.zeroGrad();
      Tensor y = l.call(x);
      Tensor loss = y.mul(y).sum();
      loss.backward();
      opt.step();
      last = loss.item();
      first = step == 0 ? last : first;
    }
    assertTrue(last < first, "loss " + first + " -> " + last);
  }

  @Test
  void removeRestoresAPlainParameterWithTheNormalisedValue() {
    Linear l = WeightNorm.apply(new Linear(3, 2));
    try (GradMode.Scope s = Autograd.noGrad()) {
      l.parameter("weight_g").mul_(0.5);
    }
    Tensor x = Tensor.ones(2, 3);
    Tensor y = l.call(x).detach();
    WeightNorm.remove(l);
    assertEquals(List.of("bias", "weight"), List.copyOf(l.stateDict().keySet()));
    assertTrue(l.parameter("weight").isLeaf() && l.parameter("weight").requiresGrad());
    assertTrue(l.call(x).detach().allclose(y, 1e-6, 1e-6, false));
    assertTrue(l.computedParameters().isEmpty());
  }

  @Test
  void spectralNormKeysBuffersAndEvalMode() {
    Sequential s = new Sequential(Map.of("fc", SpectralNorm.apply(new Linear(4, 3))));
    assertEquals(
        List.of("fc.bias", "fc.weight_orig", "fc.weight_u", "fc.weight_v"),
        List.copyOf(s.stateDict().keySet()));
    Tensor x = Tensor.randn(2, 4);
    s.call(x);
    Tensor u = s.namedBuffers().get("fc.weight_u").clone();
    s.eval();
    s.call(x);
    assertTrue(s.namedBuffers().get("fc.weight_u").equal(u), "eval mode runs no power iteration");
    s.train();
    s.call(x);
    // A training call ends with u = W v / |W v| and sigma = u . W v, so W / sigma maps v to a
    // unit vector.
    Tensor w = ((Linear) s.namedModules().get("fc")).parameter("weight").detach();
    Tensor v = s.namedBuffers().get("fc.weight_v");
    assertEquals(1.0, w.mv(v).norm().item(), 1e-4);
  }

  @Test
  void toDtypeConvertsTheStateTheWeightIsComputedFrom() {
    Linear w = WeightNorm.apply(new Linear(3, 2));
    Linear s = SpectralNorm.apply(new Linear(3, 2));
    for (Linear l : List.of(w, s)) {
      l.to(DType.FLOAT64);
      Tensor y = l.call(Tensor.ones(DType.FLOAT64, 1, 3));
      assertEquals(DType.FLOAT64, y.dtype());
      assertEquals(DType.FLOAT64, l.parameter("weight").dtype());
    }
    assertEquals(DType.FLOAT64, s.buffer("weight_u").dtype());
  }

  @Test
  void errorsNameTheModuleAndTheParameter() {
    Linear l = WeightNorm.apply(new Linear(3, 2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WeightNorm.apply(l));
    assertEquals("Linear: 'weight' already has a weight or spectral norm", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SpectralNorm.apply(l));
    assertEquals("Linear: 'weight' already has a weight or spectral norm", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> l.removeParameter("weight"));
    assertEquals("Linear: no parameter named 'weight'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SpectralNorm.remove(l));
    assertEquals("Linear: spectral_norm of 'weight' not found", e.getMessage());
    Sequential s = new Sequential(new Linear(3, 2));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WeightNorm.apply(s.namedModules().get("0"), "weight", 2));
    assertEquals("0: weight norm dim 2 out of range for 'weight' with 2 dims", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WeightNorm.remove(new Linear(2, 2)));
    assertEquals("Linear: weight_norm of 'weight' not found", e.getMessage());
  }
}
