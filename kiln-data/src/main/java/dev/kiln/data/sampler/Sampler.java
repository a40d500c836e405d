package dev.kiln.data.sampler;

/**
 * Chooses the order in which a loader reads sample indices (PyTorch's {@code Sampler}). A sampler
 * is a pure function of the epoch: {@code indices(e)} returns the same array every time it is
 * called with {@code e}, so a run is reproducible and can resume at any epoch.
 *
 * <pre>{@code
 * Sampler s = new RandomSampler(10, 42);
 * int[] first = s.indices(0);  // a permutation of 0..9
 * int[] second = s.indices(1); // a different permutation, the same on every run
 * }</pre>
 */
public interface Sampler {
  /** The indices to read in epoch {@code epoch} (from 0). */
  int[] indices(int epoch);

  /** How many indices {@link #indices} returns per epoch. */
  int size();
}
