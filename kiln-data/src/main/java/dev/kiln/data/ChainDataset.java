package dev.kiln.data;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Several iterable datasets read one after another (PyTorch's {@code ChainDataset}).
 *
 * @param <T> the sample type
 */
public final class ChainDataset<T> implements IterableDataset<T> {
  private final List<IterableDataset<? extends T>> parts;

  /** Chains {@code parts} in order. */
  public ChainDataset(List<? extends IterableDataset<? extends T>> parts) {
    this.parts = List.copyOf(parts);
  }

  @Override
  public Iterator<T> iterator() {
    return new Iterator<>() {
      private int part;
      private Iterator<? extends T> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && part < parts.size()) {
          current = parts.get(part++).iterator();
        }
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException("ChainDataset: past the last sample");
        }
        return current.next();
      }
    };
  }
}
