package dev.kiln.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.CloseableIterator;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  private static List<Integer> upTo(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static Set<Thread> pipelineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            t ->
                t.getName().startsWith("kiln-data-map")
                    || t.getName().startsWith("kiln-data-prefetch"))
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  @Test
  void mapFilterTakeSkipRepeat() {
    assertEquals(
        List.of(0, 4, 8), Pipeline.range(5).map(x -> x * 2).filter(x -> x % 4 == 0).toList());
    assertEquals(List.of(2, 3), Pipeline.range(5).skip(2).take(2).toList());
    assertEquals(List.of(0, 1, 0, 1, 0, 1), Pipeline.range(2).repeat(3).toList());
    assertEquals(List.of(0, 1, 0, 1, 0), Pipeline.range(2).repeat().take(5).toList());
    assertEquals(List.of(), Pipeline.range(0).repeat().take(5).toList(), "empty source ends");
  }

  @Test
  void parallelMapKeepsOrderAndStopsItsThreads() {
    Set<Thread> before = pipelineThreads();
    List<Integer> out = Pipeline.range(500).map(x -> x * x, 4).toList();
    assertEquals(upTo(500).stream().map(x -> x * x).toList(), out);
    try (CloseableIterator<Integer> it =
        Pipeline.range(100_000).map(x -> x + 1, 3).prefetch(4).iterator()) {
      assertEquals(1, it.next());
      assertEquals(2, it.next());
    }
    Set<Thread> after = pipelineThreads();
    after.removeAll(before);
    assertEquals(Set.of(), after, "no map/prefetch thread alive after close");
  }

  @Test
  void parallelMapErrorsReachTheConsumer() {
    var e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Pipeline.range(50)
                    .map(
                        x -> {
                          if (x == 17) {
                            throw new IllegalStateException("bad element 17");
                          }
                          return x;
                        },
                        3)
                    .toList());
    assertEquals("bad element 17", e.getMessage());
  }

  @Test
  void batchPaddedBatchUnbatchAndWindow() {
    List<Object> batches =
        Pipeline.range(5).map(x -> Tensor.of((float) x, 10f * x)).batch(2).toList();
    assertEquals(3, batches.size());
    assertArrayEquals(new int[] {2, 2}, ((Tensor) batches.get(0)).shape());
    assertArrayEquals(new int[] {1, 2}, ((Tensor) batches.get(2)).shape());
    List<Object> rows = Pipeline.from(batches).unbatch().toList();
    assertEquals(5, rows.size());
    assertArrayEquals(new float[] {3, 30}, ((Tensor) rows.get(3)).toFloatArray());

    List<Object> structured =
        Pipeline.range(4)
            .map(x -> Map.of("x", (Object) x, "y", List.of((long) x * 2)))
            .batch(4)
            .unbatch()
            .toList();
    assertEquals(4, structured.size());
    assertEquals(3, ((Tensor) ((Map<?, ?>) structured.get(3)).get("x")).itemLong());

    Tensor padded =
        Pipeline.of(Tensor.of(new float[] {1f}), Tensor.of(2f, 3f, 4f), Tensor.of(5f, 6f))
            .paddedBatch(3, -1)
            .toList()
            .get(0);
    assertArrayEquals(new int[] {3, 3}, padded.shape());
    assertArrayEquals(new float[] {1, -1, -1, 2, 3, 4, 5, 6, -1}, padded.toFloatArray());

    // tf: range(5).window(3, shift=1) -> [0,1,2] [1,2,3] [2,3,4] [3,4] [4]
    assertEquals(
        List.of(List.of(0, 1, 2), List.of(1, 2, 3), List.of(2, 3, 4), List.of(3, 4), List.of(4)),
        Pipeline.range(5).window(3, 1, false).toList());
    assertEquals(
        List.of(List.of(0, 1), List.of(3, 4)), Pipeline.range(6).window(2, 3, true).toList());
  }

  @Test
  void shuffleIsSeededAndReshufflesEachPass() {
    Pipeline<Integer> p = Pipeline.range(50).shuffle(50, 7);
    List<Integer> first = p.toList();
    List<Integer> second = p.toList();
    assertEquals(upTo(50), first.stream().sorted().toList());
    assertNotEquals(first, second, "a new order each pass");
    assertEquals(first, Pipeline.range(50).shuffle(50, 7).toList(), "same seed, same order");
    List<Integer> small = Pipeline.range(50).shuffle(3, 7).toList();
    for (int i = 0; i < small.size(); i++) {
      assertTrue(small.get(i) <= i + 2, "a buffer of 3 moves elements at most 2 places early");
    }
  }

  @Test
  void augmentIsReproducibleWhateverTheParallelism() {
    Pipeline<Integer> source = Pipeline.range(40);
    List<Integer> serial =
        source
            .augment((Integer x, dev.kiln.data.Rng rng) -> x * 1000 + rng.nextInt(1000), 3, 0)
            .toList();
    List<Integer> parallel =
        source
            .augment((Integer x, dev.kiln.data.Rng rng) -> x * 1000 + rng.nextInt(1000), 3, 4)
            .toList();
    assertEquals(serial, parallel);
  }

  @Test
  void memoryCacheRunsUpstreamOnce() {
    AtomicInteger calls = new AtomicInteger();
    Pipeline<Integer> p = Pipeline.range(5).map(x -> x + calls.incrementAndGet() * 0).cache();
    try (var it = p.iterator()) {
      it.next(); // an early stop caches nothing
    }
    assertEquals(upTo(5), p.toList());
    assertEquals(upTo(5), p.toList());
    assertEquals(6, calls.get(), "one partial pass, one full pass, then replays");
  }

  @Test
  void fileCacheWritesOnceAndServesLaterPipelines(@TempDir Path dir) {
    Path file = dir.resolve("cache.bin");
    AtomicInteger calls = new AtomicInteger();
    Pipeline<Object> p =
        Pipeline.range(3)
            .map(
                x ->
                    (Object)
                        List.of(Tensor.of((float) x, 0.5f), (long) x, "s" + x, Map.of("k", true)))
            .map(
                x -> {
                  calls.incrementAndGet();
                  return x;
                })
            .cache(file);
    try (var it = p.iterator()) {
      it.next();
    }
    assertFalse(Files.exists(file), "a partial pass leaves no cache file");
    List<Object> first = p.toList();
    assertTrue(Files.exists(file));
    List<Object> again = p.toList();
    assertEquals(4, calls.get());
    List<?> row = (List<?>) again.get(2);
    assertArrayEquals(new float[] {2, 0.5f}, ((Tensor) row.get(0)).toFloatArray());
    assertEquals(List.of(2L, "s2", Map.of("k", true)), row.subList(1, 4));
    assertEquals(((List<?>) first.get(2)).subList(1, 4), row.subList(1, 4));
  }

  @Test
  void interleaveAndZip() {
    // tf: range(1,4).interleave(lambda x: repeat(x, 4), cycle_length=2, block_length=2)
    List<Integer> out =
        Pipeline.of(1, 2, 3).interleave(x -> Pipeline.of(x, x, x, x), 2, 2).toList();
    assertEquals(List.of(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3), out);
    assertEquals(
        List.of("0a", "1b"),
        Pipeline.range(5).zip(Pipeline.of("a", "b"), (i, s) -> i + s).toList());
  }

  @Test
  void argumentsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> Pipeline.range(3).window(0, 1, false));
    assertThrows(IllegalArgumentException.class, () -> Pipeline.range(3).shuffle(0, 1));
    assertThrows(IllegalArgumentException.class, () -> Pipeline.range(3).repeat(-1));
    List<Object> notTensors = new ArrayList<>(List.of("a"));
    assertThrows(
        IllegalArgumentException.class, () -> Pipeline.from(notTensors).paddedBatch(1, 0).toList());
  }
}
