package dev.kiln.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.CloseableIterator;
import dev.kiln.data.Collate;
import dev.kiln.data.Dataset;
import dev.kiln.data.Rng;
import dev.kiln.data.TensorDataset;
import dev.kiln.data.sampler.DistributedSampler;
import dev.kiln.data.transforms.RandomCrop;
import dev.kiln.data.transforms.RandomHorizontalFlip;
import dev.kiln.data.transforms.Transform;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataLoaderTest {
  private static final Dataset<Integer> NUMBERS = Dataset.of(23, i -> i);

  private static List<long[]> epoch(DataLoader<Integer, Object> loader, int epoch) {
    List<long[]> out = new ArrayList<>();
    try (CloseableIterator<Object> it = loader.iterator(epoch)) {
      it.forEachRemaining(b -> out.add(((Tensor) b).toLongArray()));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void batchesComeInSamplerOrderWithAShortLastBatch(int workers) {
    try (var loader = DataLoader.builder(NUMBERS).batchSize(5).numWorkers(workers).build()) {
      List<long[]> batches = epoch(loader, 0);
      assertEquals(5, batches.size());
      assertEquals(5, loader.size());
      assertArrayEquals(new long[] {0, 1, 2, 3, 4}, batches.get(0));
      assertArrayEquals(new long[] {20, 21, 22}, batches.get(4));
    }
  }

  @Test
  void dropLastDropsTheShortBatch() {
    try (var loader = DataLoader.builder(NUMBERS).batchSize(5).dropLast(true).build()) {
      List<long[]> batches = epoch(loader, 0);
      assertEquals(4, batches.size());
      assertEquals(4, loader.size());
      assertTrue(batches.stream().allMatch(b -> b.length == 5));
    }
  }

  @Test
  void shuffleIsReproducibleAcrossRunsAndThreadCountsAndChangesPerEpoch() {
    List<List<long[]>> runs = new ArrayList<>();
    for (int workers : new int[] {0, 1, 2, 4}) {
      try (var loader =
          DataLoader.builder(NUMBERS)
              .batchSize(4)
              .shuffle(true)
              .seed(11)
              .numWorkers(workers)
              .build()) {
        List<long[]> all = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
          for (Object b : loader) { // each for-each pass is the next epoch
            all.add(((Tensor) b).toLongArray());
          }
        }
        runs.add(all);
      }
    }
    for (List<long[]> run : runs) {
      assertEquals(runs.get(0).size(), run.size());
      for (int i = 0; i < run.size(); i++) {
        assertArrayEquals(runs.get(0).get(i), run.get(i), "batch " + i);
      }
    }
    try (var loader = DataLoader.builder(NUMBERS).batchSize(23).shuffle(true).seed(11).build()) {
      long[] e0 = epoch(loader, 0).get(0);
      long[] e1 = epoch(loader, 1).get(0);
      assertFalse(Arrays.equals(e0, e1), "reshuffled each epoch");
      long[] sorted = e0.clone();
      Arrays.sort(sorted);
      assertArrayEquals(epoch(DataLoader.builder(NUMBERS).batchSize(23).build(), 0).get(0), sorted);
    }
  }

  @Test
  void augmentationIsReproducibleAcrossThreadCounts() {
    float[] values = new float[16 * 3 * 8 * 8];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    Tensor images = Tensor.of(values).reshape(16, 3, 8, 8);
    Transform<Tensor, Tensor> aug = new RandomCrop(8, 2).andThen(new RandomHorizontalFlip(0.5));
    Dataset<Tensor> augmented =
        new TensorDataset(images).map((List<Tensor> row, Rng rng) -> aug.apply(row.get(0), rng), 5);
    List<float[]> reference = null;
    for (int workers : new int[] {0, 3}) {
      List<float[]> got = new ArrayList<>();
      try (var loader =
          DataLoader.builder(augmented).batchSize(4).seed(1).numWorkers(workers).build()) {
        for (int e = 0; e < 2; e++) {
          for (Object b : loader) {
            got.add(((Tensor) b).toFloatArray());
          }
        }
      }
      if (reference == null) {
        reference = got;
      } else {
        for (int i = 0; i < got.size(); i++) {
          assertArrayEquals(reference.get(i), got.get(i), "batch " + i);
        }
      }
    }
    assertFalse(Arrays.equals(reference.get(0), reference.get(4)), "epochs augment differently");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void aWorkerExceptionSurfacesWithTheFailingIndex(int workers) {
    Set<Thread> before = WorkerThreads.live();
    Dataset<Integer> failing =
        Dataset.of(
            40,
            i -> {
              if (i == 13) {
                throw new IllegalStateException("corrupt record");
              }
              return i;
            });
    DataLoader<Integer, Object> loader =
        DataLoader.builder(failing).batchSize(4).numWorkers(workers).build();
    CloseableIterator<Object> it = loader.iterator();
    assertEquals(0L, ((Tensor) it.next()).toLongArray()[0]);
    assertEquals(4L, ((Tensor) it.next()).toLongArray()[0]);
    assertEquals(8L, ((Tensor) it.next()).toLongArray()[0]);
    DataLoaderException e = assertThrows(DataLoaderException.class, it::next);
    assertEquals(13, e.index());
    assertTrue(e.getMessage().contains("sample index 13"), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt record"), e.getMessage());
    assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals(Set.of(), WorkerThreads.startedSince(before), "workers stopped after the failure");
    assertFalse(it.hasNext());
  }

  @Test
  void collateFailureNamesTheBatch() {
    Dataset<Tensor> ragged = Dataset.of(4, i -> Tensor.zeros(i + 1));
    try (var loader = DataLoader.builder(ragged).batchSize(2).build()) {
      DataLoaderException e =
          assertThrows(DataLoaderException.class, () -> loader.iterator().next());
      assertEquals(-1, e.index());
      assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    }
  }

  @Test
  void closingEarlyLeavesNoLiveWorkerThreads() {
    Set<Thread> before = WorkerThreads.live();
    Dataset<Integer> big = Dataset.of(10_000, i -> i);
    DataLoader<Integer, Object> loader =
        DataLoader.builder(big).batchSize(2).numWorkers(3).prefetchFactor(2).build();
    CloseableIterator<Object> it = loader.iterator();
    it.next();
    it.next();
    assertEquals(3, WorkerThreads.startedSince(before).size(), "three workers while iterating");
    it.close();
    assertEquals(Set.of(), WorkerThreads.startedSince(before), "no worker alive after close");
    assertFalse(it.hasNext());
    // closing the loader closes iterators still open
    CloseableIterator<Object> second = loader.iterator();
    second.next();
    loader.close();
    assertEquals(
        Set.of(), WorkerThreads.startedSince(before), "no worker alive after loader.close");
  }

  @Test
  void breakingOutOfAForEachLoopAndDroppingTheIteratorStopsTheWorkers()
      throws InterruptedException {
    Set<Thread> before = WorkerThreads.live();
    DataLoader<Integer, Object> loader =
        DataLoader.builder(Dataset.of(10_000, i -> i)).batchSize(2).numWorkers(2).build();
    Set<Thread> started = consumeOneAndAbandon(loader, before);
    assertEquals(2, started.size());
    for (int attempt = 0; attempt < 200 && started.stream().anyMatch(Thread::isAlive); attempt++) {
      System.gc();
      for (Thread t : started) {
        t.join(50);
      }
    }
    assertTrue(started.stream().noneMatch(Thread::isAlive), "the cleaner stopped the workers");
  }

  private static Set<Thread> consumeOneAndAbandon(
      DataLoader<Integer, Object> loader, Set<Thread> before) {
    for (Object batch : loader) {
      assertNotEquals(null, batch);
      break;
    }
    return WorkerThreads.startedSince(before);
  }

  @Test
  void prefetchIsBounded() {
    AtomicInteger reads = new AtomicInteger();
    Dataset<Integer> counted = Dataset.of(200, i -> reads.incrementAndGet());
    int workers = 2;
    int factor = 2;
    try (var loader =
        DataLoader.builder(counted).numWorkers(workers).prefetchFactor(factor).build()) {
      int consumed = 0;
      for (Object b : loader) {
        consumed++;
        assertTrue(
            reads.get() <= consumed + workers * factor,
            "read " + reads.get() + " samples with " + consumed + " consumed");
        assertNotEquals(null, b);
      }
      assertEquals(200, consumed);
    }
  }

  @Test
  void distributedSamplerAndCustomCollateDriveTheLoader() {
    var sampler = new DistributedSampler(10, 3, 1, false, 0, false);
    try (var loader =
        DataLoader.builder(NUMBERS)
            .sampler(sampler)
            .batchSize(2)
            .collate(samples -> samples.stream().mapToInt(Integer::intValue).sum())
            .build()) {
      List<Integer> sums = new ArrayList<>();
      loader.forEach(sums::add);
      assertEquals(List.of(1 + 4, 7 + 0), sums);
    }
    try (var loader =
        DataLoader.builder(
                new TensorDataset(Tensor.of(new float[][] {{1}, {2}, {3}}), Tensor.of(0L, 1L, 2L)))
            .batchSize(2)
            .collate(Collate.tensors())
            .build()) {
      List<Tensor> first = loader.iterator().next();
      assertArrayEquals(new int[] {2, 1}, first.get(0).shape());
      assertArrayEquals(new long[] {0, 1}, first.get(1).toLongArray());
    }
  }

  @Test
  void conflictingOptionsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DataLoader.builder(NUMBERS)
                .shuffle(true)
                .sampler(new DistributedSampler(23, 2, 0, false, 0, false))
                .build());
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(NUMBERS).batchSize(0));
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(NUMBERS).numWorkers(-1));
  }
}
