package dev.kiln.data.sampler;

import dev.kiln.data.Rng;

/**
 * The share of one replica ({@code rank} of {@code numReplicas}) of a dataset of {@code n} samples,
 * for data-parallel training (PyTorch's {@code DistributedSampler}, same rules):
 *
 * <ul>
 *   <li>the epoch's order is {@code 0..n-1}, or, with {@code shuffle}, a permutation drawn from
 *       {@code Rng.forEpoch(seed, epoch)} that every replica computes alike;
 *   <li>without {@code dropLast} the order is padded by repeating its head until its length is a
 *       multiple of {@code numReplicas}; with {@code dropLast} the tail is cut instead;
 *   <li>replica {@code r} takes positions {@code r, r + numReplicas, r + 2 numReplicas, ...}.
 * </ul>
 *
 * So the replicas together cover every index exactly once, plus the padding.
 *
 * @param n the dataset size
 * @param numReplicas the number of replicas
 * @param rank this replica, in {@code [0, numReplicas)}
 * @param shuffle shuffle each epoch
 * @param seed the seed every replica shares
 * @param dropLast cut the tail instead of padding
 */
public record DistributedSampler(
    int n, int numReplicas, int rank, boolean shuffle, long seed, boolean dropLast)
    implements Sampler {
  /** Validates the arguments. */
  public DistributedSampler {
    Samplers.checkNonNegative(n, "DistributedSampler", "n");
    Samplers.checkPositive(numReplicas, "DistributedSampler", "numReplicas");
    if (rank < 0 || rank >= numReplicas) {
      throw new IllegalArgumentException(
          "DistributedSampler: rank must be in [0, " + numReplicas + "), got " + rank);
    }
  }

  @Override
  public int size() {
    if (dropLast && n % numReplicas != 0) {
      return (n - numReplicas + numReplicas - 1) / numReplicas; // ceil((n - R) / R), as PyTorch
    }
    return (n + numReplicas - 1) / numReplicas;
  }

  @Override
  public int[] indices(int epoch) {
    int[] order =
        shuffle ? Rng.forEpoch(seed, epoch).permutation(n) : new SequentialSampler(n).indices(0);
    int perReplica = size();
    int total = perReplica * numReplicas;
    int[] padded = new int[total];
    for (int i = 0; i < total; i++) {
      padded[i] = order[i % n];
    }
    int[] out = new int[perReplica];
    for (int i = 0; i < perReplica; i++) {
      out[i] = padded[rank + i * numReplicas];
    }
    return out;
  }
}
