package dev.kiln.tensorboard;

import dev.kiln.tensorboard.proto.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The background thread that encodes and appends events for one {@link SummaryWriter}: callers hand
 * it tasks through a queue bounded both in count and in bytes (a full queue makes the caller wait),
 * which it drains in batches, it flushes every {@code flushSecs} and at barriers, and it reports
 * every failure to the error handler instead of throwing into the training thread.
 */
final class EventWriterThread {
  /** Work for the writer thread; {@code what} names the call in error messages. */
  sealed interface Task permits Open, Write, FileJob, Barrier {}

  /** Create the event file of a run directory now (otherwise it opens on its first event). */
  record Open(Path runDir) implements Task {}

  /**
   * Build an event (possibly expensive: histograms, PNG) and append it to a run's file; {@code
   * call} and {@code tag} name it in error messages.
   */
  record Write(Path runDir, String call, String tag, long step, long bytes, Supplier<Event> event)
      implements Task {
    String what() {
      return call + " '" + tag + "' step " + step;
    }
  }

  /** Some other file output (projector files), run in order with the events. */
  record FileJob(String what, long bytes, IoAction action) implements Task {}

  /** Flushes every file, then releases {@code done}; {@code close} also closes them and stops. */
  record Barrier(CountDownLatch done, boolean close) implements Task {}

  /** File output that may fail. */
  @FunctionalInterface
  interface IoAction {
    /** Performs the output. */
    void run() throws IOException;
  }

  /** How long the idle writer thread sleeps between looks at the queue. */
  private static final long LINGER_NANOS = 50_000_000;

  /** Tasks carrying at least this much data wake the writer thread at once. */
  private static final int WAKE_KIB = 1024;

  private final Queue<Task> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final Semaphore slots;
  private final Semaphore kibBudget;
  private final int maxKib;
  private final int wakeAt;
  private final long flushNanos;
  private final String suffix;
  private final Consumer<Throwable> onError;
  private final Map<Path, EventFile> files = new LinkedHashMap<>();
  private final Map<Path, Integer> failures = new HashMap<>();
  private final Thread thread;

  EventWriterThread(
      String name,
      int maxQueue,
      long maxQueueBytes,
      double flushSecs,
      String suffix,
      Consumer<Throwable> onError) {
    this.slots = new Semaphore(maxQueue);
    this.wakeAt = Math.max(1, maxQueue / 2);
    this.maxKib = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxQueueBytes >> 10));
    this.kibBudget = new Semaphore(maxKib);
    this.flushNanos = (long) (flushSecs * 1e9);
    this.suffix = suffix;
    this.onError = onError;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::loop);
    thread.start();
  }

  /**
   * Queues a task, waiting while the queue is full. The writer thread is woken only at barriers,
   * big tasks and a half-full queue (otherwise it looks every 50 ms), so a training loop logging a
   * scalar per step does not pay a thread hand-off per step. Returns false if an interrupt dropped
   * the task (reported).
   */
  boolean submit(Task task) {
    int kib = kibOf(task);
    try {
      if (!slots.tryAcquire()) {
        LockSupport.unpark(thread);
        slots.acquire();
      }
      if (!kibBudget.tryAcquire(kib)) {
        LockSupport.unpark(thread);
        try {
          kibBudget.acquire(kib);
        } catch (InterruptedException e) {
          slots.release();
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      report(new IOException(describe(task) + " was dropped: the calling thread was interrupted"));
      return false;
    }
    queue.add(task);
    if (pending.incrementAndGet() == wakeAt || kib >= WAKE_KIB || task instanceof Barrier) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** Queues a barrier and waits until the writer thread has passed it. */
  void barrier(boolean close) {
    CountDownLatch done = new CountDownLatch(1);
    if (!submit(new Barrier(done, close))) {
      return;
    }
    boolean interrupted = false;
    while (thread.isAlive() && done.getCount() > 0) {
      try {
        done.await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    long nextFlush = System.nanoTime() + flushNanos;
    while (true) {
      Task task;
      while ((task = queue.poll()) != null) {
        pending.decrementAndGet();
        if (task instanceof Barrier(CountDownLatch done, boolean close)) {
          flushAll();
          if (close) {
            closeAll();
          }
          slots.release();
          done.countDown();
          if (close) {
            return;
          }
          nextFlush = System.nanoTime() + flushNanos;
        } else {
          run(task);
          kibBudget.release(kibOf(task));
          slots.release();
        }
      }
      long untilFlush = nextFlush - System.nanoTime();
      if (untilFlush <= 0) {
        flushAll();
        nextFlush = System.nanoTime() + flushNanos;
      } else {
        LockSupport.parkNanos(this, Math.min(LINGER_NANOS, untilFlush));
      }
    }
  }

  private void run(Task task) {
    try {
      switch (task) {
        case Open(Path runDir) -> write(runDir, null, "opening");
        case Write w -> {
          Event e;
          try {
            e = w.event().get();
          } catch (RuntimeException ex) {
            throw new IllegalStateException(w.what() + ": encoding failed: " + ex, ex);
          }
          write(w.runDir(), e, w.what());
        }
        case FileJob(String what, long bytes, IoAction action) -> action.run();
        case Barrier b -> throw new IllegalStateException("barriers are handled by the loop");
      }
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      report(e); // the thread must survive, or callers would wait on a full queue forever
    }
  }

  /**
   * Appends {@code event} (none: only open the file) to the run's file. The first failure for a run
   * is reported at once; later ones are counted and reported at the next flush, so a full disk does
   * not log one error per training step.
   */
  private void write(Path runDir, Event event, String what) {
    try {
      EventFile f = file(runDir);
      if (event != null) {
        try {
          f.write(event);
        } catch (IOException ex) {
          throw new IOException(what + ": writing " + f.path() + " failed: " + ex, ex);
        }
      }
    } catch (IOException e) {
      if (failures.merge(runDir, 1, Integer::sum) == 1) {
        report(e);
      }
    }
  }

  private EventFile file(Path runDir) throws IOException {
    EventFile f = files.get(runDir);
    if (f == null) {
      try {
        f = EventFile.create(runDir, suffix, System.currentTimeMillis() / 1000.0);
      } catch (IOException e) {
        throw new IOException("cannot create an event file in " + runDir + ": " + e, e);
      }
      files.put(runDir, f);
    }
    return f;
  }

  private void flushAll() {
    failures.forEach(
        (runDir, n) -> {
          if (n > 1) {
            report(
                new IOException(
                    (n - 1) + " more records for " + runDir + " were lost after the first error"));
          }
        });
    failures.clear();
    for (EventFile f : files.values()) {
      try {
        f.flush();
      } catch (IOException e) {
        report(new IOException("flushing " + f.path() + " failed: " + e, e));
      }
    }
  }

  private void closeAll() {
    for (EventFile f : files.values()) {
      try {
        f.close();
      } catch (IOException e) {
        report(new IOException("closing " + f.path() + " failed: " + e, e));
      }
    }
    files.clear();
  }

  private void report(Throwable error) {
    try {
      onError.accept(error);
    } catch (RuntimeException handlerFailure) {
      System.getLogger(EventWriterThread.class.getName())
          .log(System.Logger.Level.ERROR, "TensorBoard error handler failed", handlerFailure);
    }
  }

  private int kibOf(Task task) {
    long bytes =
        switch (task) {
          case Write w -> w.bytes();
          case FileJob j -> j.bytes();
          case Open o -> 0;
          case Barrier b -> 0;
        };
    return (int) Math.min(maxKib, bytes >> 10);
  }

  private static String describe(Task task) {
    return switch (task) {
      case Open(Path runDir) -> "opening an event file in " + runDir;
      case Write w -> w.what();
      case FileJob j -> j.what();
      case Barrier b -> b.close() ? "close" : "flush";
    };
  }
}
