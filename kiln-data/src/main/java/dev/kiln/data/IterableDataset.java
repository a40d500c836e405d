package dev.kiln.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A stream-style dataset: samples come from an iterator and have no index (PyTorch's {@code
 * IterableDataset}), e.g. lines of a file too large to index. Each call to {@link #iterator()}
 * starts a fresh pass.
 *
 * @param <T> the sample type
 */
@FunctionalInterface
public interface IterableDataset<T> extends Iterable<T> {
  /** An iterable dataset whose passes come from {@code passes}. */
  static <T> IterableDataset<T> of(Supplier<? extends Iterator<T>> passes) {
    return passes::get;
  }

  /** The samples of a map-style dataset, in index order. */
  static <T> IterableDataset<T> of(Dataset<T> dataset) {
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < dataset.size();
          }

          @Override
          public T next() {
            if (!hasNext()) {
              throw new NoSuchElementException("IterableDataset: past the last sample");
            }
            return dataset.get(next++);
          }
        };
  }
}
