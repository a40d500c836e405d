package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour the PyTorch fixtures cannot pin down: random masks, initialisation, errors. */
class LayersTest {

  @Test
  void dropoutZeroesAboutPAndScalesTheRestInTrainingOnly() {
    Tensor x = Tensor.ones(10000);
    Dropout d = new Dropout(0.3, new Generator(5));
    Tensor y = d.forward(x);
    double zeros = y.eq(0.0).sum().item();
    assertTrue(Math.abs(zeros / 10000 - 0.3) < 0.02, "zero fraction " + zeros / 10000);
    assertEquals(1 / 0.7, y.max().item(), 1e-6);
    assertTrue(new Dropout(0.3, new Generator(5)).forward(x).equal(y));
    d.eval();
    assertSame(x, d.forward(x));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, new Generator(0)));
  }

  @Test
  void convInitialisationUsesFanInOfChannelsTimesKernel() {
    Conv2d c = new Conv2d(3, 8, 5);
    double bound = 1 / Math.sqrt(3 * 25);
    for (Tensor p : c.parameters()) {
      assertTrue(p.abs().max().item() <= bound);
    }
    assertEquals(
        List.of(8, 3, 5, 5), Arrays.stream(c.parameters().get(0).shape()).boxed().toList());
  }

  @Test
  void kaimingUniformBoundMatchesGain() {
    Tensor w = Init.kaimingUniform_(Tensor.empty(200, 50), 0, new Generator(1));
    double bound = Math.sqrt(2.0) * Math.sqrt(3.0 / 50);
    assertTrue(w.abs().max().item() <= bound);
    assertTrue(w.abs().max().item() > 0.95 * bound);
    assertThrows(IllegalArgumentException.class, () -> Init.fanIn(Tensor.empty(3)));
    assertEquals(2.5, Init.constant_(Tensor.empty(2), 2.5).sum().item() / 2);
  }

  @Test
  void xavierAndNormalInitialisersHaveTheirSpread() {
    Tensor u = Init.xavierUniform_(Tensor.empty(30, 20, 3), 2, new Generator(1));
    double bound = 2 * Math.sqrt(6.0 / (60 + 90));
    assertTrue(u.abs().max().item() <= bound && u.abs().max().item() > 0.95 * bound);
    Tensor n = Init.xavierNormal_(Tensor.empty(300, 200), 1, new Generator(1));
    assertEquals(Math.sqrt(2.0 / 500), n.std().item(), 0.002);
    Tensor k = Init.kaimingNormal_(Tensor.empty(300, 200), 0, new Generator(1));
    assertEquals(Math.sqrt(2.0 / 200), k.std().item(), 0.002);
    assertEquals(
        3.0, Init.normal_(Tensor.empty(10000), 3, 0.1, new Generator(1)).mean().item(), 0.01);
  }

  @Test
  void embeddingPaddingRowStartsAtZero() {
    Embedding e = new Embedding(5, 4, -1, new Generator(2));
    assertEquals(0.0, e.parameters().get(0).select(0, 4).abs().sum().item());
    assertTrue(e.parameters().get(0).select(0, 0).abs().sum().item() > 0);
  }

  @Test
  void layersNameThemselvesInShapeErrors() {
    Sequential s = new Sequential(new LayerNorm(4), new BatchNorm1d(4));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.forward(Tensor.ones(2, 3)));
    assertEquals(
        "LayerNorm(0): input shape [2, 3] does not end with normalizedShape [4]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.forward(Tensor.ones(1, 4)));
    assertTrue(
        e.getMessage().startsWith("BatchNorm1d(1): expected more than 1 value"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new BatchNorm2d(4).forward(Tensor.ones(2, 4)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Conv2d(3, 4, new int[] {3}, ConvOptions.defaults(), true, new Generator(0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Conv1d(3, 4, 3, ConvOptions.defaults().withGroups(2), true, new Generator(0)));
  }

  @Test
  void toStringShowsTheTreeLikePyTorch() {
    Sequential s = new Sequential(new Linear(2, 3, false, new Generator(0)), new ReLU());
    assertEquals(
        "Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=false)\n  (1): ReLU()\n)",
        s.toString());
  }

  @Test
  void batchNormEvalUsesRunningStatistics() {
    BatchNorm1d bn = new BatchNorm1d(2);
    bn.eval();
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}).reshape(2, 2);
    assertTrue(bn.forward(x).allclose(x.mul(1 / Math.sqrt(1 + 1e-5))));
    assertEquals(0L, bn.namedBuffers().get("num_batches_tracked").item(), 0);
  }
}
