package dev.kiln.data.bench;

import dev.kiln.data.Collate;
import dev.kiln.data.Dataset;
import dev.kiln.data.Rng;
import dev.kiln.data.TensorDataset;
import dev.kiln.data.loader.DataLoader;
import dev.kiln.data.transforms.Compose;
import dev.kiln.data.transforms.Normalize;
import dev.kiln.data.transforms.RandomCrop;
import dev.kiln.data.transforms.RandomHorizontalFlip;
import dev.kiln.data.transforms.ToTensor;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * DataLoader throughput (samples/s) on an in-memory CIFAR-sized image dataset with {@code ToTensor
 * + Normalize + RandomCrop(32, 4) + RandomHorizontalFlip}, batch 64, at 0, 1 and 2 workers, with no
 * training step and with a simulated training step (the consumer parks for a fixed time per batch,
 * as while waiting on an accelerator), so the gain from overlapping loading with the step shows. A
 * measurement, not a test: run it by hand.
 *
 * <pre>
 * ./mvnw -B -o test-compile -pl kiln-data -am -q
 * java --add-modules jdk.incubator.vector -cp kiln-data/target/test-classes:kiln-data/target/classes:kiln-core/target/classes \
 *     dev.kiln.data.bench.DataLoaderThroughputMain
 * </pre>
 */
public final class DataLoaderThroughputMain {
  private static final int N = 2048;
  private static final int BATCH = 64;

  private DataLoaderThroughputMain() {}

  /** The in-memory dataset: random uint8 images [32, 32, 3] and labels, augmented on read. */
  static Dataset<List<Tensor>> dataset() {
    byte[] pixels = new byte[N * 32 * 32 * 3];
    long[] labels = new long[N];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) r.nextInt(256);
    }
    for (int i = 0; i < N; i++) {
      labels[i] = r.nextInt(10);
    }
    Tensor images = Tensor.wrap(new Storage.ByteStorage(pixels), DType.UINT8, N, 32, 32, 3);
    Compose aug =
        Compose.of(
            new ToTensor(),
            new Normalize(new double[] {0.49, 0.48, 0.45}, new double[] {0.25, 0.24, 0.26}),
            new RandomCrop(32, 4),
            new RandomHorizontalFlip(0.5));
    return new TensorDataset(images, Tensor.of(labels))
        .map((List<Tensor> row, Rng rng) -> List.of(aug.apply(row.get(0), rng), row.get(1)), 7);
  }

  /** Samples per second over one epoch. */
  static double epoch(DataLoader<List<Tensor>, List<Tensor>> loader, long stepNanos) {
    long start = System.nanoTime();
    int samples = 0;
    for (List<Tensor> batch : loader) {
      samples += batch.get(0).size(0);
      if (stepNanos > 0) {
        LockSupport.parkNanos(stepNanos);
      }
    }
    return samples / ((System.nanoTime() - start) / 1e9);
  }

  /** Prints the median of 5 epochs (after 2 warm-up epochs) per configuration. */
  public static void main(String[] args) {
    Dataset<List<Tensor>> ds = dataset();
    for (long stepMicros : new long[] {0, 5000}) {
      for (int workers : new int[] {0, 1, 2}) {
        try (var loader =
            DataLoader.builder(ds)
                .batchSize(BATCH)
                .shuffle(true)
                .seed(42)
                .numWorkers(workers)
                .collate(Collate.tensors())
                .build()) {
          epoch(loader, stepMicros * 1000);
          epoch(loader, stepMicros * 1000);
          double[] runs = new double[5];
          for (int i = 0; i < runs.length; i++) {
            runs[i] = epoch(loader, stepMicros * 1000);
          }
          Arrays.sort(runs);
          System.out.printf(
              "step %5d us/batch  workers %d  %8.0f samples/s (median of 5; min %.0f, max %.0f)%n",
              stepMicros, workers, runs[2], runs[0], runs[4]);
        }
      }
    }
  }
}
