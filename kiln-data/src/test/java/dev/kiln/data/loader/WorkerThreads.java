package dev.kiln.data.loader;

import java.util.Set;
import java.util.stream.Collectors;

/** Finds kiln-data worker threads by name, for leak assertions. */
final class WorkerThreads {
  private WorkerThreads() {}

  static Set<Thread> live() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            t -> t.getName().startsWith("kiln-data-") && !t.getName().equals("kiln-data-cleaner"))
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  /** Threads alive now that were not in {@code before}. */
  static Set<Thread> startedSince(Set<Thread> before) {
    Set<Thread> now = live();
    now.removeAll(before);
    return now;
  }
}
