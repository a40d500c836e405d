package dev.kiln.data;

import java.util.Arrays;
import java.util.List;

/**
 * Several map-style datasets one after another (PyTorch's {@code ConcatDataset}): index {@code i}
 * falls in the first dataset whose cumulative size exceeds it.
 *
 * @param <T> the sample type
 */
public final class ConcatDataset<T> implements Dataset<T> {
  private final List<Dataset<? extends T>> parts;
  private final int[] ends;

  /** Concatenates {@code parts} in order. */
  public ConcatDataset(List<? extends Dataset<? extends T>> parts) {
    this.parts = List.copyOf(parts);
    this.ends = new int[parts.size()];
    long end = 0;
    for (int i = 0; i < ends.length; i++) {
      end += parts.get(i).size();
      if (end > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("ConcatDataset: more than 2^31-1 samples in total");
      }
      ends[i] = (int) end;
    }
  }

  @Override
  public int size() {
    return ends.length == 0 ? 0 : ends[ends.length - 1];
  }

  @Override
  public T get(int index) {
    Datasets.checkIndex(index, size(), "ConcatDataset");
    int part = Arrays.binarySearch(ends, index);
    part = part >= 0 ? part + 1 : -part - 1;
    while (parts.get(part).size() == 0) {
      part++;
    }
    int start = part == 0 ? 0 : ends[part - 1];
    return parts.get(part).get(index - start);
  }
}
