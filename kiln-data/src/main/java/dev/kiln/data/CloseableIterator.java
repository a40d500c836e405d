package dev.kiln.data;

import java.util.Iterator;

/**
 * An iterator that may hold worker threads or open files: {@link #close()} releases them at once
 * and is safe to call more than once. An iterator that is simply dropped is cleaned up later, when
 * the garbage collector finds it, but closing it (try-with-resources) is prompt.
 *
 * @param <T> the element type
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  /** Stops any worker threads and releases resources; idempotent. */
  @Override
  void close();

  /** Wraps a plain iterator whose close does nothing. */
  static <T> CloseableIterator<T> of(Iterator<T> it) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public T next() {
        return it.next();
      }

      @Override
      public void close() {
        if (it instanceof AutoCloseable c) {
          try {
            c.close();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException("closing iterator failed: " + e.getMessage(), e);
          }
        }
      }
    };
  }
}
