package dev.kiln.data.sampler;

import dev.kiln.data.Rng;
import java.util.Arrays;

/**
 * Draws index {@code i} with probability proportional to {@code weights[i]} (PyTorch's {@code
 * WeightedRandomSampler}), e.g. to balance classes. With replacement each draw is independent
 * (inverse CDF on the cumulative weights). Without replacement it takes the {@code numSamples}
 * smallest keys {@code -ln(u) / w} (an exponential race, which draws the same distribution as
 * sequential sampling without replacement); then at most as many indices as positive weights.
 */
public final class WeightedRandomSampler implements Sampler {
  private final double[] weights;
  private final double[] cumulative;
  private final int numSamples;
  private final boolean replacement;
  private final long seed;

  /**
   * @throws IllegalArgumentException if a weight is negative or not finite, all are zero, or {@code
   *     numSamples} exceeds the positive weights without replacement
   */
  public WeightedRandomSampler(double[] weights, int numSamples, boolean replacement, long seed) {
    Samplers.checkNonNegative(numSamples, "WeightedRandomSampler", "numSamples");
    this.weights = weights.clone();
    this.cumulative = new double[weights.length];
    double sum = 0;
    int positive = 0;
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "WeightedRandomSampler: weights must be finite and >= 0, got " + w + " at index " + i);
      }
      positive += w > 0 ? 1 : 0;
      sum += w;
      cumulative[i] = sum;
    }
    if (numSamples > 0 && sum == 0) {
      throw new IllegalArgumentException(
          "WeightedRandomSampler: all " + weights.length + " weights are 0");
    }
    if (!replacement && numSamples > positive) {
      throw new IllegalArgumentException(
          "WeightedRandomSampler: cannot draw "
              + numSamples
              + " samples without replacement from "
              + positive
              + " positive weights");
    }
    this.numSamples = numSamples;
    this.replacement = replacement;
    this.seed = seed;
  }

  @Override
  public int[] indices(int epoch) {
    Rng rng = Rng.forEpoch(seed, epoch);
    int[] out = new int[numSamples];
    if (replacement) {
      double total = cumulative[cumulative.length - 1];
      for (int k = 0; k < numSamples; k++) {
        double u = rng.nextDouble() * total;
        int i = Arrays.binarySearch(cumulative, u);
        i = i >= 0 ? i + 1 : -i - 1;
        while (weights[i] == 0) { // u fell exactly on a boundary: a later weight is positive
          i++;
        }
        out[k] = i;
      }
      return out;
    }
    Integer[] order = new Integer[weights.length];
    double[] keys = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      order[i] = i;
      keys[i] =
          weights[i] > 0 ? -Math.log(1 - rng.nextDouble()) / weights[i] : Double.POSITIVE_INFINITY;
    }
    Arrays.sort(order, (a, b) -> Double.compare(keys[a], keys[b]));
    for (int k = 0; k < numSamples; k++) {
      out[k] = order[k];
    }
    return out;
  }

  @Override
  public int size() {
    return numSamples;
  }
}
