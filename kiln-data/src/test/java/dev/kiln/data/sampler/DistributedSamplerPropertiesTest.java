package dev.kiln.data.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link DistributedSampler} over all the replicas of one epoch. */
class DistributedSamplerPropertiesTest {
  private static int[] counts(
      int n, int replicas, boolean shuffle, long seed, int epoch, boolean dropLast) {
    int[] seen = new int[n];
    int perReplica = -1;
    for (int r = 0; r < replicas; r++) {
      DistributedSampler s = new DistributedSampler(n, replicas, r, shuffle, seed, dropLast);
      int[] idx = s.indices(epoch);
      assertEquals(s.size(), idx.length);
      assertTrue(perReplica < 0 || perReplica == idx.length, "every replica gets the same count");
      perReplica = idx.length;
      for (int i : idx) {
        seen[i]++;
      }
    }
    return seen;
  }

  @Property(tries = 300)
  void paddedReplicasCoverEveryIndexAsEvenlyAsPossible(
      @ForAll @IntRange(min = 1, max = 120) int n,
      @ForAll @IntRange(min = 1, max = 9) int replicas,
      @ForAll boolean shuffle,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 4) int epoch) {
    int[] seen = counts(n, replicas, shuffle, seed, epoch, false);
    int total = (n + replicas - 1) / replicas * replicas;
    int sum = 0;
    for (int i = 0; i < n; i++) {
      sum += seen[i];
      // padding repeats the epoch's order from its head, so counts differ by at most one
      assertTrue(
          seen[i] == total / n || seen[i] == (total + n - 1) / n, "index " + i + ": " + seen[i]);
    }
    assertEquals(total, sum);
    if (n % replicas == 0) {
      for (int c : seen) {
        assertEquals(1, c, "exactly once when the replicas divide the dataset");
      }
    }
  }

  @Property(tries = 200)
  void dropLastReplicasSeeEachIndexAtMostOnce(
      @ForAll @IntRange(min = 0, max = 120) int n,
      @ForAll @IntRange(min = 1, max = 9) int replicas,
      @ForAll boolean shuffle,
      @ForAll long seed) {
    int[] seen = counts(n, replicas, shuffle, seed, 0, true);
    int sum = 0;
    for (int c : seen) {
      assertTrue(c <= 1);
      sum += c;
    }
    assertEquals(n / replicas * replicas, sum);
  }
}
