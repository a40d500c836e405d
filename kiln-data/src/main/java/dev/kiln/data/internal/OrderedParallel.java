package dev.kiln.data.internal;

import dev.kiln.data.CloseableIterator;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The parallel engine behind {@code DataLoader} workers, {@code Pipeline.map} and {@code
 * Pipeline.prefetch}: maps a source iterator with {@code workers} threads, hands results back in
 * source order, and keeps at most {@code prefetch} results ahead of the consumer (a bounded queue).
 *
 * <p>How it works: a worker takes the next source item and enqueues an empty result slot for it
 * under one lock, so slots enter the queue in source order; it then fills its slot outside the
 * lock. The consumer takes slots in order and waits for each to be filled. A full queue blocks the
 * workers (bounded prefetch). An exception from {@code work} travels in its slot and is rethrown to
 * the consumer unchanged, after which the iterator shuts down. Closing interrupts and joins the
 * workers; an iterator dropped without closing is shut down by a {@link Cleaner}, since the workers
 * hold only the shared state, never the iterator.
 */
public final class OrderedParallel {
  private static final Cleaner CLEANER =
      Cleaner.create(r -> Thread.ofPlatform().daemon().name("kiln-data-cleaner").unstarted(r));
  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  private OrderedParallel() {}

  /**
   * Maps {@code source} through {@code work}: in the calling thread when {@code workers == 0}, else
   * with {@code workers} daemon threads named {@code threadPrefix-<pool>-<i>}.
   *
   * @throws IllegalArgumentException if {@code workers < 0} or {@code prefetch < 1}
   */
  public static <I, R> CloseableIterator<R> map(
      Iterator<I> source,
      Function<? super I, ? extends R> work,
      int workers,
      int prefetch,
      String threadPrefix) {
    if (workers < 0) {
      throw new IllegalArgumentException("workers must be >= 0, got " + workers);
    }
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
    }
    if (workers == 0) {
      return new Serial<>(source, work);
    }
    return new Parallel<>(new Shared<>(source, work, prefetch), workers, threadPrefix);
  }

  /** Maps in the consumer's thread. */
  private static final class Serial<I, R> implements CloseableIterator<R> {
    private final Iterator<I> source;
    private final Function<? super I, ? extends R> work;
    private boolean closed;

    Serial(Iterator<I> source, Function<? super I, ? extends R> work) {
      this.source = source;
      this.work = work;
    }

    @Override
    public boolean hasNext() {
      return !closed && source.hasNext();
    }

    @Override
    public R next() {
      if (!hasNext()) {
        throw new NoSuchElementException("iterator is exhausted or closed");
      }
      try {
        return work.apply(source.next());
      } catch (RuntimeException | Error e) {
        close(); // as in the parallel case: a failure ends the iteration
        throw e;
      }
    }

    @Override
    public void close() {
      closed = true;
      closeSource(source);
    }
  }

  private static void closeSource(Iterator<?> source) {
    if (source instanceof CloseableIterator<?> c) {
      c.close();
    }
  }

  /** The state the workers share; never refers to the consumer-facing iterator. */
  private static final class Shared<I, R> implements Runnable {
    private static final CompletableFuture<Object> END = new CompletableFuture<>();

    private final Iterator<I> source;
    private final Function<? super I, ? extends R> work;
    private final BlockingQueue<CompletableFuture<Object>> slots;
    private final List<Thread> threads = new ArrayList<>();
    private boolean sourceDone;
    private volatile boolean closed;
    private final AtomicBoolean stopped = new AtomicBoolean();

    Shared(Iterator<I> source, Function<? super I, ? extends R> work, int prefetch) {
      this.source = source;
      this.work = work;
      this.slots = new ArrayBlockingQueue<>(prefetch);
    }

    void workerLoop() {
      try {
        while (!closed) {
          CompletableFuture<Object> slot = new CompletableFuture<>();
          I item;
          synchronized (this) {
            if (sourceDone || closed) {
              return;
            }
            try {
              if (!source.hasNext()) {
                sourceDone = true;
                slots.put(END);
                return;
              }
              item = source.next();
            } catch (RuntimeException | Error e) {
              sourceDone = true;
              slot.completeExceptionally(e);
              slots.put(slot);
              return;
            }
            slots.put(slot);
          }
          try {
            slot.complete(work.apply(item));
          } catch (Throwable t) {
            slot.completeExceptionally(t);
          }
        }
      } catch (InterruptedException e) {
        // closed while waiting for queue space: exit quietly
      }
    }

    /** Stops the workers (interrupts them); with {@code join}, also waits for them to end. */
    void shutdown(boolean join) {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
      closed = true;
      List<Thread> copy;
      synchronized (threads) {
        copy = List.copyOf(threads);
      }
      for (Thread t : copy) {
        t.interrupt();
      }
      slots.clear();
      if (join) {
        boolean interrupted = false;
        for (Thread t : copy) {
          while (t.isAlive()) {
            try {
              t.join();
            } catch (InterruptedException e) {
              interrupted = true;
            }
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      closeSource(source);
    }

    /** The cleaner's action for an abandoned iterator. */
    @Override
    public void run() {
      shutdown(false);
    }
  }

  /** The consumer's side of a parallel map. */
  private static final class Parallel<I, R> implements CloseableIterator<R> {
    private final Shared<I, R> shared;
    private final Cleaner.Cleanable cleanable;
    private CompletableFuture<Object> ready;
    private boolean finished;

    Parallel(Shared<I, R> shared, int workers, String threadPrefix) {
      this.shared = shared;
      int pool = POOL_IDS.incrementAndGet();
      synchronized (shared.threads) {
        for (int i = 0; i < workers; i++) {
          Thread t =
              Thread.ofPlatform()
                  .daemon()
                  .name(threadPrefix + "-" + pool + "-" + i)
                  .unstarted(shared::workerLoop);
          shared.threads.add(t);
        }
      }
      this.cleanable = CLEANER.register(this, shared);
      for (Thread t : shared.threads) {
        t.start();
      }
    }

    @Override
    public boolean hasNext() {
      if (finished) {
        return false;
      }
      if (ready == null) {
        try {
          ready = shared.slots.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          close();
          throw new IllegalStateException("interrupted while waiting for the next element", e);
        }
        if (ready == Shared.END) {
          close();
          return false;
        }
      }
      return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
      if (!hasNext()) {
        throw new NoSuchElementException("iterator is exhausted or closed");
      }
      CompletableFuture<Object> slot = ready;
      ready = null;
      try {
        return (R) slot.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while waiting for the next element", e);
      } catch (ExecutionException e) {
        close();
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(cause.getMessage(), cause);
      }
    }

    @Override
    public void close() {
      if (!finished) {
        finished = true;
        ready = null;
        shared.shutdown(true);
        cleanable.clean();
      }
    }
  }
}
