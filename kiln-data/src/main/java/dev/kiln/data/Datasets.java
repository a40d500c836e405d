package dev.kiln.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splitting datasets: {@link #randomSplit} by counts or fractions, seeded. */
public final class Datasets {
  private Datasets() {}

  /**
   * Splits {@code dataset} into non-overlapping subsets of the given sizes, after a random
   * permutation drawn from {@code seed} (PyTorch's {@code random_split}).
   *
   * <pre>{@code
   * List<Subset<T>> parts = Datasets.randomSplit(ds, 42, 80, 20); // ds.size() == 100
   * }</pre>
   *
   * @throws IllegalArgumentException if the sizes are negative or do not add up to the size
   */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, long seed, int... lengths) {
    long total = 0;
    for (int n : lengths) {
      if (n < 0) {
        throw new IllegalArgumentException(
            "randomSplit: lengths must be >= 0, got " + Arrays.toString(lengths));
      }
      total += n;
    }
    if (total != dataset.size()) {
      throw new IllegalArgumentException(
          "randomSplit: lengths "
              + Arrays.toString(lengths)
              + " add up to "
              + total
              + " but the dataset has "
              + dataset.size()
              + " samples");
    }
    int[] perm = Rng.of(seed).permutation(dataset.size());
    List<Subset<T>> out = new ArrayList<>(lengths.length);
    int start = 0;
    for (int n : lengths) {
      out.add(new Subset<>(dataset, Arrays.copyOfRange(perm, start, start + n)));
      start += n;
    }
    return out;
  }

  /**
   * Splits by fractions that sum to 1: each part gets {@code floor(f * size)} samples, and the
   * remainder is dealt one by one to the parts in order (PyTorch's rule).
   *
   * @throws IllegalArgumentException if a fraction is outside [0, 1] or they do not sum to 1
   */
  public static <T> List<Subset<T>> randomSplit(
      Dataset<T> dataset, long seed, double... fractions) {
    double sum = 0;
    for (double f : fractions) {
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException(
            "randomSplit: fractions must be in [0, 1], got " + Arrays.toString(fractions));
      }
      sum += f;
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException(
          "randomSplit: fractions " + Arrays.toString(fractions) + " sum to " + sum + ", not 1");
    }
    int n = dataset.size();
    int[] lengths = new int[fractions.length];
    int assigned = 0;
    for (int i = 0; i < fractions.length; i++) {
      lengths[i] = (int) Math.floor(fractions[i] * n);
      assigned += lengths[i];
    }
    for (int i = 0; assigned < n; i = (i + 1) % lengths.length, assigned++) {
      lengths[i]++;
    }
    return randomSplit(dataset, seed, lengths);
  }

  /** Checks {@code 0 <= index < size}, naming {@code who} in the error. */
  static int checkIndex(int index, int size, String who) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          who + ": index " + index + " out of range for a dataset of size " + size);
    }
    return index;
  }
}
