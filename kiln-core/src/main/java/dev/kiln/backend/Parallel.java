package dev.kiln.backend;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

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
   * chunks when {@code n >= grain}. Exceptions from any chunk are rethrown to the caller.
   */
  public static void parallelFor(int n, int grain, RangeBody body) {
    int threads = Math.min(numThreads, Math.max(1, n / Math.max(grain, 1)));
    if (threads <= 1 || isWorker()) {
      body.run(0, n);
      return;
    }
    ExecutorService exec = pool();
    int chunk = (n + threads - 1) / threads;
    Future<?>[] futures = new Future<?>[threads - 1];
    for (int t = 1; t < threads; t++) {
      int s = t * chunk;
      int e = Math.min(n, s + chunk);
      futures[t - 1] = exec.submit(() -> body.run(s, e));
    }
    RuntimeException failure = null;
    try {
      body.run(0, Math.min(n, chunk));
    } catch (RuntimeException ex) {
      failure = ex;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("parallelFor interrupted", ex);
      } catch (java.util.concurrent.ExecutionException ex) {
        if (failure == null) {
          failure =
              ex.getCause() instanceof RuntimeException re
                  ? re
                  : new IllegalStateException(ex.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
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
