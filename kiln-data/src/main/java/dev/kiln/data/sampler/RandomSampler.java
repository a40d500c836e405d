package dev.kiln.data.sampler;

import dev.kiln.data.Rng;

/**
 * Random indices into a dataset of {@code n} samples (PyTorch's {@code RandomSampler}), drawn from
 * {@link Rng#forEpoch(long, long) Rng.forEpoch(seed, epoch)}: a fresh order each epoch, the same
 * orders on every run.
 *
 * <p>Without replacement, an epoch is a permutation of {@code 0..n-1}; when {@code numSamples > n}
 * whole permutations follow one another and the last is cut. With replacement, each index is drawn
 * uniformly and independently.
 *
 * @param n the dataset size
 * @param replacement draw with replacement
 * @param numSamples indices per epoch
 * @param seed the seed
 */
public record RandomSampler(int n, boolean replacement, int numSamples, long seed)
    implements Sampler {
  /** Validates the arguments. */
  public RandomSampler {
    Samplers.checkNonNegative(n, "RandomSampler", "n");
    Samplers.checkNonNegative(numSamples, "RandomSampler", "numSamples");
    if (n == 0 && numSamples > 0) {
      throw new IllegalArgumentException(
          "RandomSampler: cannot draw " + numSamples + " samples from an empty dataset");
    }
  }

  /** A permutation of {@code 0..n-1} per epoch. */
  public RandomSampler(int n, long seed) {
    this(n, false, n, seed);
  }

  @Override
  public int[] indices(int epoch) {
    Rng rng = Rng.forEpoch(seed, epoch);
    int[] out = new int[numSamples];
    if (replacement) {
      for (int i = 0; i < numSamples; i++) {
        out[i] = rng.nextInt(n);
      }
      return out;
    }
    for (int start = 0; start < numSamples; start += n) {
      int[] perm = rng.permutation(n);
      System.arraycopy(perm, 0, out, start, Math.min(n, numSamples - start));
    }
    return out;
  }

  @Override
  public int size() {
    return numSamples;
  }
}
