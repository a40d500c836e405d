package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Kiln;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour the PyTorch fixtures cannot pin down: random masks, initialisation, errors. */
class LayersTest {

  @Test
  void shortConstructorsUseTheDefaultGeneratorAndPyTorchDefaults() {
    Tensor x = Tensor.ones(4, 1, 5, 6);
    Kiln.manualSeed(11);
    Tensor first = new Dropout(0.5).forward(x);
    Kiln.manualSeed(11);
    assertTrue(new Dropout(0.5).forward(x).equal(first));
    assertTrue(first.eq(0).any().item() != 0 && first.eq(2).any().item() != 0);
    Conv2d same = new Conv2d(1, 3, 3, ConvOptions.defaults().withPadding(1));
    assertArrayEquals(new int[] {4, 3, 5, 6}, same.forward(x).shape());
  }

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
        "0: expected input ending with normalizedShape [4], got shape [2, 3]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.forward(Tensor.ones(1, 4)));
    assertTrue(e.getMessage().startsWith("1: expected more than 1 value"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new BatchNorm2d(4).call(Tensor.ones(2, 3, 2, 2)));
    assertEquals(
        "BatchNorm2d: expected a 4-d input with 4 channels at dim 1, got shape [2, 3, 2, 2]",
        e.getMessage());
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

  @Test
  void linearMessageNamesTheModulePathOrItsKind() {
    Sequential inner = new Sequential(Map.of("linear1", new Linear(256, 4)));
    Sequential layers = new Sequential(Map.of("0", inner));
    Sequential encoder = new Sequential(Map.of("layers", layers));
    Sequential root = new Sequential(Map.of("encoder", encoder));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> root.call(Tensor.ones(2, 128)));
    assertEquals(
        "encoder.layers.0.linear1: expected input with last dim 256, got 128", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Linear(4, 2).call(Tensor.ones(3)));
    assertEquals("Linear: expected input with last dim 4, got 3", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new Linear(4, 2).call(Tensor.scalar(1.0)));
    assertEquals("Linear: expected input with last dim 4, got a 0-d input", e.getMessage());
  }

  @Test
  void convAndNormMessagesNameThePathAndBothSizes() {
    Sequential s =
        new Sequential(
            Map.of(
                "conv",
                new ConvTranspose2d(
                    3, 4, new int[] {2, 2}, ConvOptions.defaults(), true, new Generator(0))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.call(Tensor.ones(1, 2, 5, 5)));
    assertEquals(
        "conv: expected input with 3 channels, got 2 (input shape [1, 2, 5, 5])", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new Conv3d(2, 2, 1).call(Tensor.ones(2, 2)));
    assertEquals(
        "Conv3d: expected a 4-d (unbatched) or 5-d input, got shape [2, 2]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new GroupNorm(2, 4).call(Tensor.ones(2, 6, 3)));
    assertEquals(
        "GroupNorm: expected input with 4 channels at dim 1, got shape [2, 6, 3]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new InstanceNorm1d(3).call(Tensor.ones(2, 4, 5)));
    assertEquals(
        "InstanceNorm1d: expected input with 3 channels, got 4 (input shape [2, 4, 5])",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new RMSNorm(3, 4).call(Tensor.ones(3, 3)));
    assertEquals(
        "RMSNorm: expected input ending with normalizedShape [3, 4], got shape [3, 3]",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4));
  }

  @Test
  void dropout2dZeroesWholeChannelsInTrainingOnly() {
    Tensor x = Tensor.ones(100, 50, 2, 3);
    Dropout2d d = new Dropout2d(0.4, new Generator(3));
    Tensor y = d.call(x);
    Tensor perChannel = y.amax(new int[] {2, 3}, false);
    Tensor zeroChannels = perChannel.eq(0.0);
    // every channel is all zero or all 1 / (1 - p)
    assertTrue(y.amin(new int[] {2, 3}, false).eq(perChannel).all().itemBool());
    assertEquals(1 / 0.6, perChannel.max().item(), 1e-6);
    double fraction = zeroChannels.sum().item() / 5000;
    assertTrue(Math.abs(fraction - 0.4) < 0.025, "zeroed channel fraction " + fraction);
    d.eval();
    assertSame(x, d.call(x));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Dropout2d(0.5, new Generator(0)).call(Tensor.ones(4, 4)));
  }

  @Test
  void alphaDropoutKeepsZeroMeanAndUnitVariance() {
    Tensor x = Tensor.randn(new Generator(4), 200000);
    AlphaDropout d = new AlphaDropout(0.2, new Generator(5));
    Tensor y = d.call(x);
    assertEquals(0.0, y.mean().item(), 0.01);
    assertEquals(1.0, y.std().item(), 0.01);
    double a = 1 / Math.sqrt((1.7580993408473766 * 1.7580993408473766 * 0.2 + 1) * 0.8);
    double dropped = -1.7580993408473766 * a + 1.7580993408473766 * a * 0.2;
    double fraction = y.sub(dropped).abs().lt(1e-6).sum().item() / 200000;
    assertTrue(Math.abs(fraction - 0.2) < 0.005, "dropped fraction " + fraction);
    d.eval();
    assertSame(x, d.call(x));
  }

  @Test
  void rreluDrawsNegativeSlopesInItsRangeWhenTraining() {
    Tensor x = Tensor.cat(Tensor.full(-2.0, 20000), Tensor.full(3.0, 10));
    Tensor y = new RReLU(0.1, 0.3, new Generator(6)).call(x);
    Tensor slopes = y.narrow(0, 0, 20000).div(-2.0);
    assertTrue(slopes.min().item() >= 0.1 && slopes.max().item() <= 0.3);
    assertTrue(slopes.min().item() < 0.101 && slopes.max().item() > 0.299);
    assertEquals(0.2, slopes.mean().item(), 0.003);
    assertTrue(y.narrow(0, 20000, 10).eq(3.0).all().itemBool());
  }

  @Test
  void embeddingBagRejectsMismatchedArguments() {
    EmbeddingBag mean = new EmbeddingBag(5, 2);
    Tensor idx = Tensor.of(new long[] {0, 1, 2});
    Tensor offsets = Tensor.of(new long[] {1, 2});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> mean.forward(idx, offsets, null));
    assertEquals(
        "EmbeddingBag: offsets must start at 0 and not decrease or pass the 3 indices, got"
            + " tensor([1, 2])",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> mean.forward(idx, Tensor.of(new long[] {0, 2, 1}), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> mean.forward(idx, Tensor.of(new long[] {0, 4}), null));
    assertThrows(
        IllegalArgumentException.class,
        () -> mean.forward(idx, Tensor.of(new long[] {0}), Tensor.ones(3)));
    assertThrows(IllegalArgumentException.class, () -> mean.forward(idx));
  }

  @Test
  void pixelUnshuffleInvertsPixelShuffle() {
    Tensor x = Tensor.randn(new Generator(9), 2, 3, 4, 6);
    Tensor down = new PixelUnshuffle(2).call(x);
    assertArrayEquals(new int[] {2, 12, 2, 3}, down.shape());
    assertTrue(new PixelShuffle(2).call(down).equal(x));
  }

  @Test
  void embeddingMaxNormRenormalisesLookedUpRowsOnly() {
    Embedding e = new Embedding(4, 3, null, 1.0, 2.0, new Generator(10));
    Tensor before = e.parameters().get(0).detach().clone();
    e.call(Tensor.of(new long[] {0, 2}));
    Tensor after = e.parameters().get(0);
    Tensor norms = after.norm(2, new int[] {1}, false);
    assertTrue(norms.get(0) <= 1.0 + 1e-6 && norms.get(2) <= 1.0 + 1e-6);
    assertTrue(after.select(0, 1).equal(before.select(0, 1)));
    assertTrue(after.isLeaf() && after.requiresGrad());
  }

  @Test
  void dropout1dAnd3dZeroWholeChannelsBatchedOrNot() {
    Tensor batched = new Dropout1d(0.5, new Generator(11)).call(Tensor.ones(40, 50, 3));
    Tensor perChannel = batched.amax(2);
    assertTrue(batched.amin(2).eq(perChannel).all().itemBool());
    double fraction = perChannel.eq(0.0).sum().item() / 2000;
    assertTrue(Math.abs(fraction - 0.5) < 0.04, "zeroed channel fraction " + fraction);
    Tensor unbatched = new Dropout3d(0.5, new Generator(12)).call(Tensor.ones(2000, 2, 1, 2));
    Tensor channels = unbatched.flatten(1, 3);
    assertTrue(channels.amin(1).eq(channels.amax(1)).all().itemBool());
    double dropped = channels.amax(1).eq(0.0).sum().item() / 2000;
    assertTrue(Math.abs(dropped - 0.5) < 0.04, "zeroed channel fraction " + dropped);
    assertThrows(
        IllegalArgumentException.class,
        () -> new Dropout3d(0.5, new Generator(0)).call(Tensor.ones(2, 2, 2)));
  }

  @Test
  void featureAlphaDropoutDropsChannelsKeepingMeanAndVariance() {
    Tensor x = Tensor.randn(new Generator(13), 400, 500, 4);
    Tensor y = new FeatureAlphaDropout(0.3, new Generator(14)).call(x);
    assertEquals(0.0, y.mean().item(), 0.01);
    assertEquals(1.0, y.std().item(), 0.01);
    Tensor constant = y.amin(2).eq(y.amax(2));
    double fraction = constant.sum().item() / 200000;
    assertTrue(Math.abs(fraction - 0.3) < 0.005, "dropped channel fraction " + fraction);
  }

  @Test
  void convTransposeRejectsAnUnreachableOutputSize() {
    ConvTranspose1d c =
        new ConvTranspose1d(1, 1, 3, ConvOptions.defaults().withStride(2), true, new Generator(0));
    Tensor x = Tensor.ones(1, 1, 4);
    assertArrayEquals(new int[] {1, 1, 10}, c.forward(x, 10).shape());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.forward(x, 11));
    assertEquals(
        "ConvTranspose1d: requested output size [11] is not reachable: spatial dim 0 must be in"
            + " [9, 10] for input shape [1, 1, 4]",
        e.getMessage());
  }

  @Test
  void maxUnpoolNeedsIndicesInsideItsOutput() {
    MaxUnpool2d u = new MaxUnpool2d(2);
    Tensor x = Tensor.ones(1, 1, 2, 2);
    UnsupportedOperationException missing =
        assertThrows(UnsupportedOperationException.class, () -> u.call(x));
    assertEquals(
        "MaxUnpool2d: max unpooling needs the indices; call forward(input, indices)",
        missing.getMessage());
    Tensor idx = Tensor.of(new long[] {0, 3, 9, 16}).reshape(1, 1, 2, 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> u.forward(x, idx));
    assertEquals(
        "MaxUnpool2d: an index is outside the output plane of [4, 4] (16 positions)",
        e.getMessage());
    Tensor y = u.forward(x, Tensor.of(new long[] {0, 3, 9, 15}).reshape(1, 1, 2, 2));
    assertEquals(4.0, y.sum().item());
    assertEquals(1.0, y.get(0, 0, 3, 3));
  }
}
