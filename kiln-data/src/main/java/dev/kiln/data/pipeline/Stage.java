package dev.kiln.data.pipeline;

import dev.kiln.data.CloseableIterator;
import java.util.NoSuchElementException;

/**
 * A pipeline stage's iterator: computes its next element lazily with {@link #advance()} and closes
 * its upstream iterators when closed.
 *
 * @param <O> the element type
 */
abstract class Stage<O> implements CloseableIterator<O> {
  private final AutoCloseable[] upstream;
  private O next;
  private boolean ready;
  private boolean done;

  Stage(AutoCloseable... upstream) {
    this.upstream = upstream;
  }

  /** Sets the next element with {@link #emit} or calls {@link #finish}; called lazily. */
  abstract void advance();

  final void emit(O value) {
    next = value;
    ready = true;
  }

  final void finish() {
    done = true;
  }

  @Override
  public final boolean hasNext() {
    while (!ready && !done) {
      advance();
    }
    return ready;
  }

  @Override
  public final O next() {
    if (!hasNext()) {
      throw new NoSuchElementException("pipeline exhausted");
    }
    ready = false;
    O out = next;
    next = null;
    return out;
  }

  @Override
  public void close() {
    done = true;
    ready = false;
    for (AutoCloseable c : upstream) {
      try {
        c.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("closing a pipeline stage failed: " + e.getMessage(), e);
      }
    }
  }
}
