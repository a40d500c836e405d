package dev.kiln.data.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private static int[] sorted(int[] a) {
    int[] c = a.clone();
    Arrays.sort(c);
    return c;
  }

  private static int[] range(int n) {
    return IntStream.range(0, n).toArray();
  }

  @Test
  void sequentialIsInOrderEveryEpoch() {
    Sampler s = new SequentialSampler(5);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, s.indices(0));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, s.indices(7));
    assertEquals(5, s.size());
  }

  @Test
  void randomWithoutReplacementIsAPermutationReshuffledPerEpochAndReproducible() {
    Sampler s = new RandomSampler(20, 42);
    int[] e0 = s.indices(0);
    int[] e1 = s.indices(1);
    assertArrayEquals(range(20), sorted(e0));
    assertArrayEquals(range(20), sorted(e1));
    assertFalse(Arrays.equals(e0, e1), "a new order each epoch");
    assertArrayEquals(e0, new RandomSampler(20, 42).indices(0), "same seed, same order");
    assertFalse(Arrays.equals(e0, new RandomSampler(20, 43).indices(0)), "another seed differs");
  }

  @Test
  void randomWithoutReplacementBeyondNChainsPermutations() {
    int[] idx = new RandomSampler(4, false, 10, 1).indices(0);
    assertEquals(10, idx.length);
    assertArrayEquals(range(4), sorted(Arrays.copyOfRange(idx, 0, 4)));
    assertArrayEquals(range(4), sorted(Arrays.copyOfRange(idx, 4, 8)));
  }

  @Test
  void randomWithReplacementDrawsInRangeAndRepeats() {
    int[] idx = new RandomSampler(3, true, 100, 5).indices(0);
    assertEquals(100, idx.length);
    assertTrue(Arrays.stream(idx).allMatch(i -> i >= 0 && i < 3));
    assertEquals(3, Arrays.stream(idx).distinct().count(), "100 draws from 3 hit all of them");
  }

  @Test
  void weightedNeverDrawsZeroWeightsAndFollowsTheWeights() {
    double[] w = {0, 1, 0, 3};
    int[] idx = new WeightedRandomSampler(w, 4000, true, 9).indices(0);
    long ones = Arrays.stream(idx).filter(i -> i == 1).count();
    long threes = Arrays.stream(idx).filter(i -> i == 3).count();
    assertEquals(4000, ones + threes, "zero weights are never drawn");
    assertTrue(threes > 2 * ones, "weight 3 drawn about three times as often as weight 1");
    int[] noRep = new WeightedRandomSampler(new double[] {1, 1, 5, 0, 2}, 4, false, 9).indices(3);
    assertArrayEquals(new int[] {0, 1, 2, 4}, sorted(noRep), "without replacement: distinct");
    assertThrows(
        IllegalArgumentException.class,
        () -> new WeightedRandomSampler(new double[] {1, 0}, 2, false, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new WeightedRandomSampler(new double[] {-1}, 1, true, 0));
  }

  @Test
  void subsetRandomPermutesOnlyTheSubset() {
    int[] subset = {7, 3, 11, 5};
    Sampler s = new SubsetRandomSampler(subset, 2);
    assertArrayEquals(sorted(subset), sorted(s.indices(0)));
    assertArrayEquals(s.indices(4), new SubsetRandomSampler(subset, 2).indices(4));
  }

  @Test
  void batchSamplerKeepsOrDropsTheShortLastBatch() {
    BatchSampler keep = new BatchSampler(new SequentialSampler(7), 3, false);
    List<int[]> b = keep.batches(0);
    assertEquals(3, b.size());
    assertEquals(3, keep.size());
    assertArrayEquals(new int[] {0, 1, 2}, b.get(0));
    assertArrayEquals(new int[] {6}, b.get(2));
    BatchSampler drop = new BatchSampler(new SequentialSampler(7), 3, true);
    assertEquals(2, drop.batches(0).size());
    assertEquals(2, drop.size());
    assertArrayEquals(new int[] {3, 4, 5}, drop.batches(0).get(1));
  }

  @Test
  void distributedPadsLikePyTorch() {
    // PyTorch: DistributedSampler(range(10), num_replicas=3, rank=r, shuffle=False)
    assertArrayEquals(
        new int[] {0, 3, 6, 9}, new DistributedSampler(10, 3, 0, false, 0, false).indices(0));
    assertArrayEquals(
        new int[] {1, 4, 7, 0}, new DistributedSampler(10, 3, 1, false, 0, false).indices(0));
    assertArrayEquals(
        new int[] {2, 5, 8, 1}, new DistributedSampler(10, 3, 2, false, 0, false).indices(0));
    // drop_last=True cuts the tail instead
    assertArrayEquals(
        new int[] {1, 4, 7}, new DistributedSampler(10, 3, 1, false, 0, true).indices(0));
    assertEquals(3, new DistributedSampler(10, 3, 1, false, 0, true).size());
    // more replicas than samples: padding repeats the order
    assertArrayEquals(new int[] {0}, new DistributedSampler(2, 4, 2, false, 0, false).indices(0));
  }

  @Test
  void distributedShufflesTheSameWayOnEveryReplicaAndDiffersPerEpoch() {
    int[] a0 = new DistributedSampler(12, 3, 0, true, 5, false).indices(0);
    int[] a1 = new DistributedSampler(12, 3, 0, true, 5, false).indices(1);
    assertFalse(Arrays.equals(a0, a1));
    assertThrows(
        IllegalArgumentException.class, () -> new DistributedSampler(10, 2, 2, false, 0, false));
  }
}
