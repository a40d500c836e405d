package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.data.builtin.Iris;
import dev.kiln.data.loader.DataLoader;
import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example at the top of kiln-data/README.md, run as written. */
class ReadmeExampleTest {
  @Test
  void irisSplitAndShuffledLoader() {
    TensorDataset iris = Iris.load();
    List<Subset<List<Tensor>>> split = Datasets.randomSplit(iris, 42, 0.8, 0.2);
    assertEquals(120, split.get(0).size());
    int batches = 0;
    try (var loader =
        DataLoader.builder(split.get(0))
            .batchSize(16)
            .shuffle(true)
            .seed(42)
            .numWorkers(2)
            .collate(Collate.tensors())
            .build()) {
      for (int epoch = 0; epoch < 2; epoch++) {
        for (List<Tensor> batch : loader) {
          int n = batch.get(0).size(0);
          assertArrayEquals(new int[] {n, 4}, batch.get(0).shape());
          assertArrayEquals(new int[] {n}, batch.get(1).shape());
          batches++;
        }
      }
    }
    assertEquals(2 * 8, batches, "120 samples in batches of 16: 7 full and one of 8, per epoch");
  }
}
