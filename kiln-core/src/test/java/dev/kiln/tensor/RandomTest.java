package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Kiln;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Random ops: reproducibility (per seed, independent of the thread count), distributions (moments
 * of 10^6 samples within 5 standard errors; the seeds are fixed, so these cannot flake), bounds and
 * errors.
 */
class RandomTest {
  private static final int N = 1_000_000;

  /** Mean and variance of the values. */
  private static double[] moments(double[] v) {
    double mean = Arrays.stream(v).sum() / v.length;
    double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
    return new double[] {mean, var};
  }

  /** |actual - expected| within 5 standard errors. */
  private static void within5Sigma(String what, double expected, double actual, double sd) {
    assertTrue(
        Math.abs(actual - expected) <= 5 * sd,
        what + ": expected " + expected + " +- " + 5 * sd + ", got " + actual);
  }

  @Test
  void sameSeedSameNumbersDifferentSeedDifferentNumbers() {
    Generator g = new Generator(42);
    float[] a = Tensor.rand(g, 100).toFloatArray();
    float[] a2 = Tensor.rand(g, 100).toFloatArray();
    g.manualSeed(42);
    assertArrayEquals(a, Tensor.rand(g, 100).toFloatArray());
    assertFalse(Arrays.equals(a, a2), "the stream advances between calls");
    assertFalse(Arrays.equals(a, Tensor.rand(new Generator(43), 100).toFloatArray()));
    assertEquals(42, g.initialSeed());
  }

  @Test
  void manualSeedReseedsTheDefaultGenerator() {
    Kiln.manualSeed(7);
    double[] a = Tensor.randn(DType.FLOAT64, 50).toDoubleArray();
    long[] p = Tensor.randperm(20).toLongArray();
    Kiln.manualSeed(7);
    assertArrayEquals(a, Tensor.randn(DType.FLOAT64, 50).toDoubleArray());
    assertArrayEquals(p, Tensor.randperm(20).toLongArray());
  }

  @Test
  void generatorOffsetAdvancesByTheDrawsUsed() {
    Generator g = new Generator(0);
    Tensor.rand(g, 10);
    assertEquals(10, g.offset());
    Tensor.randn(g, 10);
    assertEquals(30, g.offset());
    Tensor.randint(g, 0, 5, new int[] {3}, DType.INT64);
    assertEquals(33, g.offset());
  }

  private static void sameOnOneAndTwoThreads(Supplier<Tensor> draw) {
    int before = Kiln.getNumThreads();
    try {
      Kiln.setNumThreads(1);
      double[] one = draw.get().toDoubleArray();
      Kiln.setNumThreads(2);
      double[] two = draw.get().toDoubleArray();
      assertArrayEquals(one, two);
    } finally {
      Kiln.setNumThreads(before);
    }
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() {
    sameOnOneAndTwoThreads(() -> Tensor.rand(new Generator(5), 1 << 20));
    sameOnOneAndTwoThreads(() -> Tensor.randn(new Generator(5), DType.FLOAT64, 1 << 19));
    sameOnOneAndTwoThreads(
        () -> Tensor.randint(new Generator(5), -3, 1000, new int[] {1 << 19}, DType.INT32));
    sameOnOneAndTwoThreads(() -> Tensor.zeros(1 << 19).bernoulli_(new Generator(5), 0.3));
  }

  @Test
  void uniformHasTheRightMomentsAndBounds() {
    double[] v = Tensor.rand(new Generator(1), DType.FLOAT64, N).toDoubleArray();
    double[] m = moments(v);
    within5Sigma("rand mean", 0.5, m[0], Math.sqrt(1.0 / 12 / N));
    within5Sigma("rand var", 1.0 / 12, m[1], Math.sqrt((1.0 / 80 - 1.0 / 144) / N));
    double[] w = Tensor.uniform(new Generator(2), -3, 5, DType.FLOAT32, N).toDoubleArray();
    assertTrue(Arrays.stream(w).allMatch(x -> x >= -3 && x < 5));
    within5Sigma("uniform mean", 1, moments(w)[0], Math.sqrt(64.0 / 12 / N));
    float[] f = Tensor.rand(new Generator(3), N).toFloatArray();
    for (float x : f) {
      assertTrue(x >= 0 && x < 1, "rand value " + x);
    }
  }

  @Test
  void normalHasTheRightMoments() {
    double[] z = Tensor.randn(new Generator(4), DType.FLOAT64, N).toDoubleArray();
    double[] m = moments(z);
    within5Sigma("randn mean", 0, m[0], Math.sqrt(1.0 / N));
    within5Sigma("randn var", 1, m[1], Math.sqrt(2.0 / N));
    double[] x = Tensor.normal(new Generator(5), 10, 2, DType.FLOAT32, N).toDoubleArray();
    double[] mx = moments(x);
    within5Sigma("normal mean", 10, mx[0], Math.sqrt(4.0 / N));
    within5Sigma("normal var", 4, mx[1], 4 * Math.sqrt(2.0 / N));
    Tensor t = Tensor.empty(1000, 1000).normal_(new Generator(6), -1, 0.5);
    within5Sigma("normal_ mean", -1, moments(t.toDoubleArray())[0], Math.sqrt(0.25 / N));
  }

  @Test
  void normalWithTensorArgumentsBroadcastsAndChecksStd() {
    Tensor mean = Tensor.of(new float[][] {{0f}, {100f}});
    Tensor out = Tensor.normal(new Generator(0), mean, Tensor.full(0.1, 3));
    assertArrayEquals(new int[] {2, 3}, out.shape());
    assertTrue(Math.abs(out.get(1, 2) - 100) < 1);
    var e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.normal(mean, Tensor.of(1f, -1f)));
    assertTrue(e.getMessage().startsWith("normal: expects all elements of std >= 0.0"));
  }

  @Test
  void randintStaysInBoundsAndHitsEveryValue() {
    long[] v =
        Tensor.randint(new Generator(8), -2, 4, new int[] {60_000}, DType.INT64).toLongArray();
    long[] counts = new long[6];
    for (long x : v) {
      assertTrue(x >= -2 && x < 4, "randint value " + x);
      counts[(int) (x + 2)]++;
    }
    for (long c : counts) {
      within5Sigma("randint count", 10_000, c, Math.sqrt(60_000 * (1.0 / 6) * (5.0 / 6)));
    }
    assertEquals(
        DType.UINT8, Tensor.randint(new Generator(0), 0, 256, new int[] {4}, DType.UINT8).dtype());
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.randint(5, 5, new int[] {2}));
    assertEquals(
        "randint: expects 'from' to be less than 'to', but got from=5 >= to=5", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.randint(new Generator(0), 0, 300, new int[] {2}, DType.UINT8));
  }

  @Test
  void randpermIsAPermutation() {
    long[] p = Tensor.randperm(new Generator(9), 1000, DType.INT64).toLongArray();
    long[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
    assertFalse(Arrays.equals(p, sorted), "a shuffled permutation of 1000 is not the identity");
    assertEquals(DType.INT32, Tensor.randperm(new Generator(0), 3, DType.INT32).dtype());
    assertArrayEquals(new long[] {0}, Tensor.randperm(1).toLongArray());
  }

  @Test
  void bernoulliIsExactAtZeroAndOneAndHasTheRightMean() {
    assertTrue(Arrays.stream(Tensor.zeros(N).bernoulli_(0).toDoubleArray()).allMatch(x -> x == 0));
    assertTrue(Arrays.stream(Tensor.zeros(N).bernoulli_(1).toDoubleArray()).allMatch(x -> x == 1));
    Tensor p = Tensor.full(0.3, DType.FLOAT64, N);
    double[] b = Tensor.bernoulli(new Generator(10), p).toDoubleArray();
    within5Sigma("bernoulli mean", 0.3, moments(b)[0], Math.sqrt(0.3 * 0.7 / N));
    Tensor mask = Tensor.empty(DType.BOOL, 1000).bernoulli_(new Generator(11), 0.5);
    assertEquals(DType.BOOL, mask.dtype());
    var e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.bernoulli(Tensor.of(0.5f, 1.5f)));
    assertEquals("bernoulli: expects p to be in [0, 1], but got p=1.5", e.getMessage());
  }

  @Test
  void inPlaceFillsWorkOnNonContiguousViews() {
    Tensor base = Tensor.full(-7, 4, 6);
    Tensor view = base.t();
    view.uniform_(new Generator(12), 1, 2);
    assertTrue(Arrays.stream(base.toDoubleArray()).allMatch(x -> x >= 1 && x < 2));
    Tensor expanded = Tensor.zeros(1, 3).expand(4, 3);
    assertThrows(IllegalArgumentException.class, () -> expanded.normal_(0, 1));
  }

  @Test
  void realValuedDrawsRejectIntegerDtypesAndBadRanges() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.rand(DType.INT64, 3));
    assertTrue(e.getMessage().startsWith("uniform_: expected a floating point dtype, got int64"));
    assertThrows(IllegalArgumentException.class, () -> Tensor.randnLike(Tensor.arange(3)));
    assertThrows(IllegalArgumentException.class, () -> Tensor.uniform(2, 1, 3));
    assertThrows(IllegalArgumentException.class, () -> Tensor.normal(0, -1, 3));
    assertEquals(DType.FLOAT64, Tensor.randLike(Tensor.zeros(DType.FLOAT64, 2)).dtype());
  }

  @Test
  void multinomialWithReplacementFollowsTheWeights() {
    Tensor probs = Tensor.of(1f, 0f, 3f, 6f);
    long[] s = Tensor.multinomial(new Generator(13), probs, 100_000, true).toLongArray();
    long[] counts = new long[4];
    for (long x : s) {
      counts[(int) x]++;
    }
    assertEquals(0, counts[1], "zero-weight category drawn");
    double[] p = {0.1, 0, 0.3, 0.6};
    for (int c : new int[] {0, 2, 3}) {
      within5Sigma(
          "multinomial count " + c, 1e5 * p[c], counts[c], Math.sqrt(1e5 * p[c] * (1 - p[c])));
    }
  }

  @Test
  void multinomialWithoutReplacementDrawsDistinctPositiveCategories() {
    Tensor probs = Tensor.of(new float[][] {{1, 0, 2, 3, 4}, {0, 5, 5, 0, 1}});
    Tensor s = Tensor.multinomial(new Generator(14), probs, 3, false);
    assertArrayEquals(new int[] {2, 3}, s.shape());
    assertEquals(DType.INT64, s.dtype());
    long[][] rows = (long[][]) s.toArray();
    assertEquals(3, Arrays.stream(rows[0]).distinct().count());
    assertTrue(Arrays.stream(rows[0]).noneMatch(x -> x == 1));
    long[] second = rows[1].clone();
    Arrays.sort(second);
    assertArrayEquals(new long[] {1, 2, 4}, second);
  }

  @Test
  void multinomialRejectsBadWeights() {
    var negative =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.multinomial(Tensor.of(1f, -1f), 1, true));
    assertTrue(negative.getMessage().contains("inf, nan or element < 0"), negative.getMessage());
    var zeroSum =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.multinomial(Tensor.of(0f, 0f), 1, true));
    assertTrue(zeroSum.getMessage().contains("sum of probabilities <= 0"), zeroSum.getMessage());
    var tooMany =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.multinomial(Tensor.of(1f, 1f), 3, false));
    assertTrue(tooMany.getMessage().contains("without replacement"), tooMany.getMessage());
    var notEnough =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.multinomial(Tensor.of(1f, 0f, 0f), 2, false));
    assertTrue(notEnough.getMessage().contains("not enough"), notEnough.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.multinomial(Tensor.of(Float.NaN, 1f), 1, true));
    assertThrows(
        IllegalArgumentException.class, () -> Tensor.multinomial(Tensor.zeros(2, 2, 2), 1, true));
  }
}
