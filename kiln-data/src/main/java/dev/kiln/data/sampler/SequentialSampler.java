package dev.kiln.data.sampler;

/**
 * {@code 0, 1, ..., n-1} in order, every epoch.
 *
 * @param n the dataset size
 */
public record SequentialSampler(int n) implements Sampler {
  /** Checks {@code n >= 0}. */
  public SequentialSampler {
    Samplers.checkNonNegative(n, "SequentialSampler", "n");
  }

  @Override
  public int[] indices(int epoch) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  @Override
  public int size() {
    return n;
  }
}
