package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Parallel#parallelForShared}: every index once, in {@link Parallel#CHUNKS_PER_THREAD}
 * chunks per thread, exceptions from any chunk rethrown, and a pool thread that never gets to run
 * does not hold the loop up (the caller takes every chunk).
 */
class ParallelSharedTest {
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
  void everyIndexIsCoveredOnceInSharedChunks() {
    Parallel.setNumThreads(3);
    int n = 100_003;
    int[] hits = new int[n];
    AtomicInteger chunks = new AtomicInteger();
    Parallel.parallelForShared(
        n,
        1000,
        (s, e) -> {
          chunks.incrementAndGet();
          for (int i = s; i < e; i++) {
            hits[i]++;
          }
        });
    int[] once = new int[n];
    Arrays.fill(once, 1);
    assertArrayEquals(once, hits);
    assertEquals(3 * Parallel.CHUNKS_PER_THREAD, chunks.get());
  }

  @Test
  void workBelowTheGrainRunsInlineAsOneChunk() {
    Parallel.setNumThreads(2);
    Thread caller = Thread.currentThread();
    AtomicInteger chunks = new AtomicInteger();
    Parallel.parallelForShared(
        1500,
        1000,
        (s, e) -> {
          assertSame(caller, Thread.currentThread());
          assertEquals(0, s);
          assertEquals(1500, e);
          chunks.incrementAndGet();
        });
    assertEquals(1, chunks.get());
  }

  @Test
  void exceptionsFromAnyChunkPropagate() {
    Parallel.setNumThreads(2);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Parallel.parallelForShared(
                    8000,
                    1000,
                    (s, end) -> {
                      if (s == 7000) {
                        throw new IllegalStateException("chunk " + s);
                      }
                    }));
    assertEquals("chunk 7000", e.getMessage());
  }

  @Test
  @Timeout(20)
  void aPoolThreadThatNeverRunsDoesNotHoldTheLoopsUp() throws Exception {
    Parallel.setNumThreads(2); // one pool thread
    CountDownLatch occupied = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread other =
        new Thread(
            () ->
                Parallel.parallelFor(
                    2,
                    1,
                    (s, e) -> {
                      try {
                        if (Thread.currentThread().getName().startsWith("kiln-intra-op")) {
                          occupied.countDown(); // the pool thread's chunk: hold it
                          release.await();
                        } else {
                          occupied.await(); // so that the caller cannot take both chunks
                        }
                      } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    other.start();
    occupied.await();
    Thread caller = Thread.currentThread();
    int[] hits = new int[4000];
    Parallel.parallelForShared(
        4000,
        1000,
        (s, e) -> {
          assertSame(caller, Thread.currentThread());
          for (int i = s; i < e; i++) {
            hits[i]++;
          }
        });
    // parallelFor's halves alike: the caller takes the half the busy pool thread cannot
    Parallel.parallelFor(
        4000,
        1000,
        (s, e) -> {
          assertSame(caller, Thread.currentThread());
          for (int i = s; i < e; i++) {
            hits[i]++;
          }
        });
    release.countDown();
    other.join();
    int[] twice = new int[4000];
    Arrays.fill(twice, 2);
    assertArrayEquals(twice, hits);
  }
}
