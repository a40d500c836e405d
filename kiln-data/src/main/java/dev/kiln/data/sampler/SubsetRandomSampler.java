package dev.kiln.data.sampler;

import dev.kiln.data.Rng;

/**
 * The given indices in a random order each epoch (PyTorch's {@code SubsetRandomSampler}), e.g. to
 * read a validation split of a larger dataset.
 */
public final class SubsetRandomSampler implements Sampler {
  private final int[] subset;
  private final long seed;

  /** Shuffles {@code subset} (copied) with {@code seed}. */
  public SubsetRandomSampler(int[] subset, long seed) {
    this.subset = subset.clone();
    this.seed = seed;
  }

  @Override
  public int[] indices(int epoch) {
    int[] perm = Rng.forEpoch(seed, epoch).permutation(subset.length);
    int[] out = new int[subset.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = subset[perm[i]];
    }
    return out;
  }

  @Override
  public int size() {
    return subset.length;
  }
}
