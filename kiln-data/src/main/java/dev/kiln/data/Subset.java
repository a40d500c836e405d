package dev.kiln.data;

import java.util.Arrays;

/**
 * The samples of {@code dataset} at {@code indices}, in that order (PyTorch's {@code Subset}).
 *
 * @param dataset the underlying dataset
 * @param indices positions in {@code dataset}; each must be in range
 * @param <T> the sample type
 */
public record Subset<T>(Dataset<T> dataset, int[] indices) implements Dataset<T> {
  /** Validates the indices and copies them. */
  public Subset {
    indices = indices.clone();
    for (int i : indices) {
      Datasets.checkIndex(i, dataset.size(), "Subset");
    }
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public T get(int index) {
    return dataset.get(indices[Datasets.checkIndex(index, indices.length, "Subset")]);
  }

  /** A copy of the indices. */
  @Override
  public int[] indices() {
    return indices.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subset<?> s && s.dataset == dataset && Arrays.equals(s.indices, indices);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(dataset) * 31 + Arrays.hashCode(indices);
  }

  @Override
  public String toString() {
    return "Subset[size=" + indices.length + "]";
  }
}
