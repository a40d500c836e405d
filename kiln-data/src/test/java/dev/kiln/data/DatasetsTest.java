package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetsTest {
  private static List<Integer> all(Dataset<Integer> d) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      out.add(d.get(i));
    }
    return out;
  }

  @Test
  void tensorDatasetReturnsRowViews() {
    var ds =
        new TensorDataset(Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}), Tensor.of(7L, 8L, 9L));
    assertEquals(3, ds.size());
    assertArrayEquals(new float[] {3, 4}, ds.get(1).get(0).toFloatArray());
    assertEquals(8, ds.get(1).get(1).itemLong());
    assertThrows(IndexOutOfBoundsException.class, () -> ds.get(3));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
    assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[4]"), e.getMessage());
  }

  @Test
  void concatSkipsEmptyPartsAndSubsetReindexes() {
    Dataset<Integer> a = Dataset.of(3, i -> i);
    Dataset<Integer> empty = Dataset.of(0, i -> -1);
    Dataset<Integer> b = Dataset.of(2, i -> 10 + i);
    var concat = new ConcatDataset<Integer>(List.of(a, empty, b));
    assertEquals(List.of(0, 1, 2, 10, 11), all(concat));
    assertThrows(IndexOutOfBoundsException.class, () -> concat.get(5));
    var sub = new Subset<>(concat, new int[] {4, 0});
    assertEquals(List.of(11, 0), all(sub));
    assertThrows(IndexOutOfBoundsException.class, () -> new Subset<>(a, new int[] {3}));
  }

  @Test
  void randomSplitIsADisjointSeededPartition() {
    Dataset<Integer> d = Dataset.of(10, i -> i);
    List<Subset<Integer>> parts = Datasets.randomSplit(d, 3, 7, 3);
    assertEquals(7, parts.get(0).size());
    assertEquals(3, parts.get(1).size());
    List<Integer> union = new ArrayList<>(all(parts.get(0)));
    union.addAll(all(parts.get(1)));
    union.sort(null);
    assertEquals(IntStream.range(0, 10).boxed().toList(), union);
    assertEquals(all(parts.get(1)), all(Datasets.randomSplit(d, 3, 7, 3).get(1)), "same seed");
    List<Subset<Integer>> byFraction = Datasets.randomSplit(d, 3, 0.35, 0.35, 0.3);
    assertEquals(List.of(4, 3, 3), byFraction.stream().map(Subset::size).toList());
    assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(d, 3, 5, 4));
    assertThrows(IllegalArgumentException.class, () -> Datasets.randomSplit(d, 3, 0.5, 0.4));
  }

  @Test
  void chainAndIterableDatasetsReadInOrderEachPass() {
    IterableDataset<Integer> first = IterableDataset.of(Dataset.of(2, i -> i));
    IterableDataset<Integer> second = IterableDataset.of(() -> List.of(5, 6).iterator());
    var chain = new ChainDataset<Integer>(List.of(first, second));
    for (int pass = 0; pass < 2; pass++) {
      List<Integer> seen = new ArrayList<>();
      chain.forEach(seen::add);
      assertEquals(List.of(0, 1, 5, 6), seen);
    }
  }

  @Test
  void rngStreamsAreReproducibleAndDistinct() {
    assertEquals(Rng.of(1).nextLong(), Rng.of(1).nextLong());
    assertEquals(Rng.forSample(1, 2, 3).nextLong(), Rng.forSample(1, 2, 3).nextLong());
    long[] firsts = {
      Rng.forSample(1, 2, 3).nextLong(), Rng.forSample(1, 2, 4).nextLong(),
      Rng.forSample(1, 3, 3).nextLong(), Rng.forSample(2, 2, 3).nextLong()
    };
    assertEquals(4, Arrays.stream(firsts).distinct().count());
  }
}
