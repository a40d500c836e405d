package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Parallel}: coverage of the range, inline cases, exceptions and nesting. */
class ParallelTest {
  private int saved;

  @BeforeEach
  void save() {
    saved = Parallel.getNumThreads();
  }

  @AfterEach
  void restore() {
    Parallel.setNumThreads(saved);
  }

  @Test
  void everyIndexIsCoveredOnce() {
    Parallel.setNumThreads(3);
    int n = 100_003;
    int[] hits = new int[n];
    Parallel.parallelFor(
        n,
        1000,
        (s, e) -> {
          for (int i = s; i < e; i++) {
            hits[i]++;
          }
        });
    int[] once = new int[n];
    Arrays.fill(once, 1);
    assertArrayEquals(once, hits);
  }

  @Test
  void oneThreadRunsInlineAsOneChunk() {
    Parallel.setNumThreads(1);
    Thread caller = Thread.currentThread();
    AtomicInteger chunks = new AtomicInteger();
    Parallel.parallelFor(
        1_000_000,
        1,
        (s, e) -> {
          assertSame(caller, Thread.currentThread());
          assertEquals(0, s);
          assertEquals(1_000_000, e);
          chunks.incrementAndGet();
        });
    assertEquals(1, chunks.get());
  }

  @Test
  void workBelowTheGrainRunsInline() {
    Parallel.setNumThreads(4);
    Thread caller = Thread.currentThread();
    Parallel.parallelFor(100, 1000, (s, e) -> assertSame(caller, Thread.currentThread()));
  }

  @Test
  void workAboveTheGrainUsesPoolThreads() {
    Parallel.setNumThreads(4);
    Set<String> names = ConcurrentHashMap.newKeySet();
    Parallel.parallelFor(4000, 1000, (s, e) -> names.add(Thread.currentThread().getName()));
    assertTrue(names.stream().anyMatch(t -> t.startsWith("kiln-intra-op-")), names.toString());
  }

  @Test
  void exceptionFromAWorkerChunkPropagates() {
    Parallel.setNumThreads(4);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Parallel.parallelFor(
                    4000,
                    1000,
                    (s, end) -> {
                      if (s >= 3000) {
                        throw new IllegalStateException("chunk " + s);
                      }
                    }));
    assertEquals("chunk 3000", e.getMessage());
  }

  @Test
  void exceptionFromTheCallerChunkPropagates() {
    Parallel.setNumThreads(4);
    ArithmeticException e =
        assertThrows(
            ArithmeticException.class,
            () ->
                Parallel.parallelFor(
                    4000,
                    1000,
                    (s, end) -> {
                      if (s == 0) {
                        throw new ArithmeticException("first");
                      }
                    }));
    assertEquals("first", e.getMessage());
  }

  @Test
  @Timeout(20)
  void nestedParallelForDoesNotDeadlock() {
    Parallel.setNumThreads(2);
    int outer = 64;
    int inner = 10_000;
    long[] sums = new long[outer];
    Parallel.parallelFor(
        outer,
        1,
        (s, e) -> {
          for (int i = s; i < e; i++) {
            int row = i;
            long[] part = new long[inner];
            Parallel.parallelFor(
                inner,
                100,
                (a, b) -> {
                  for (int j = a; j < b; j++) {
                    part[j] = j;
                  }
                });
            sums[row] = Arrays.stream(part).sum();
          }
        });
    long expected = (long) inner * (inner - 1) / 2;
    for (long sum : sums) {
      assertEquals(expected, sum);
    }
  }

  @Test
  void rejectsZeroThreads() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Parallel.setNumThreads(0));
    assertTrue(e.getMessage().contains("setNumThreads"), e.getMessage());
  }
}
