package dev.kiln.backend;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Kiln's intra-op thread pool (owned, not the common pool) and its parallel-for. Work below the
 * grain size runs on the calling thread, so small tensors pay nothing for threads.
 */
public final class Parallel {
  /**
   * Elements per task below which a loop is not split (PyTorch uses 32768). Measured on the 2-core
   * machine (busy, so direction only): {@code addcmul} into a preallocated output took 28 µs on one
   * thread and 63 µs on two at 65,536 elements, 63 µs and 26 µs at 131,072: handing a task to the
   * pool costs tens of µs there, so each task gets at least 65,536 elements.
   */
  public static final int GRAIN_SIZE = 65536;

  private static volatile int numThreads = Runtime.getRuntime().availableProcessors();
  private static volatile ExecutorService pool;

  private Parallel() {}

  /** A loop body over the index range {@code [start, end)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int start, int end);
  }

  /** Sets the number of intra-op threads (at least 1); takes effect for the next loop. */
  public static synchronized void setNumThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("setNumThreads: expected n >= 1, got " + n);
    }
    if (n != numThreads) {
      numThreads = n;
      ExecutorService old = pool;
      pool = null;
      if (old != null) {
        old.shutdown();
      }
    }
  }

  /** The number of intra-op threads. */
  public static int getNumThreads() {
    return numThreads;
  }

  /**
   * Runs {@code body} over {@code [0, n)}, split into at most {@link #getNumThreads()} contiguous
   * chunks when {@code n >= grain}. The threads claim chunks from a shared counter, the caller too:
   * a worker that has not started by the time the caller is done leaves its chunk to the caller
   * instead of holding up the loop (the chunks, and so the results, are the same whichever thread
   * runs them). Exceptions from any chunk are rethrown to the caller.
   */
  public static void parallelFor(int n, int grain, RangeBody body) {
    int threads = Math.min(numThreads, Math.max(1, n / Math.max(grain, 1)));
    if (threads <= 1 || isWorker()) {
      body.run(0, n);
      return;
    }
    int chunk = (n + threads - 1) / threads;
    runChunks(
        threads, threads, c -> body.run(Math.min(n, c * chunk), Math.min(n, (c + 1) * chunk)));
  }

  /**
   * Chunks per thread of {@link #parallelForShared}: a thread that loses its core to another
   * process holds up the loop by at most one such chunk.
   */
  static final int CHUNKS_PER_THREAD = 4;

  /**
   * As {@link #parallelFor}, but {@code [0, n)} is cut into {@link #CHUNKS_PER_THREAD} chunks per
   * thread, so a thread that is descheduled in the middle of the loop holds it up by one small
   * chunk at most. For bodies whose result does not depend on how the range is cut (elementwise
   * kernels). Why: W5's {@code relu(a*b+c)} on the 2-core machine under other processes' load took
   * 35 ms with two fixed halves against 19 ms on one thread (the second half waited for a core);
   * with the load lighter, fixed halves and shared chunks gave the same (8.7-10.0 ms, runs
   * interleaved).
   */
  public static void parallelForShared(int n, int grain, RangeBody body) {
    int threads = Math.min(numThreads, Math.max(1, n / Math.max(grain, 1)));
    if (threads <= 1 || isWorker()) {
      body.run(0, n);
      return;
    }
    int chunks = threads * CHUNKS_PER_THREAD;
    int chunk = (n + chunks - 1) / chunks;
    runChunks(chunks, threads, c -> body.run(Math.min(n, c * chunk), Math.min(n, (c + 1) * chunk)));
  }

  /**
   * Runs {@code chunk(c)} for every c in [0, chunks) on the caller and {@code threads - 1} pool
   * threads, each taking the next chunk from a shared counter; returns when every chunk is done.
   */
  private static void runChunks(int chunks, int threads, IntConsumer chunk) {
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(chunks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable share =
        () -> {
          for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            try {
              chunk.accept(c);
            } catch (RuntimeException | Error ex) {
              failure.compareAndSet(null, ex);
            } finally {
              done.countDown();
            }
          }
        };
    ExecutorService exec = pool();
    for (int t = 1; t < threads; t++) {
      exec.execute(share); // a task that starts after every chunk is taken does nothing
    }
    share.run();
    try {
      done.await(); // the chunks, not the tasks: a worker still waiting for a core is not awaited
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("parallelFor interrupted", ex);
    }
    Throwable f = failure.get();
    if (f != null) {
      if (f instanceof RuntimeException re) {
        throw re;
      }
      throw (Error) f;
    }
  }

  private static final ThreadLocal<Boolean> WORKER = ThreadLocal.withInitial(() -> false);

  private static boolean isWorker() {
    return WORKER.get();
  }

  private static synchronized ExecutorService pool() {
    if (pool == null) {
      AtomicInteger id = new AtomicInteger();
      ThreadFactory factory =
          r -> {
            Thread t =
                new Thread(
                    () -> {
                      WORKER.set(true);
                      r.run();
                    },
                    "kiln-intra-op-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
          };
      pool = Executors.newFixedThreadPool(Math.max(1, numThreads - 1), factory);
    }
    return pool;
  }
}
