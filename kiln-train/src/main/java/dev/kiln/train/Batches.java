package dev.kiln.train;

import dev.kiln.data.CloseableIterator;
import dev.kiln.data.Collate;
import dev.kiln.data.Dataset;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.data.loader.DataLoader;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Where {@link Model#fit}, {@link Model#evaluate} and {@link Model#predict} read batches from:
 * in-memory tensors, a kiln-data {@link Dataset} of {@code [x, y]} samples, or a ready {@link
 * DataLoader} producing {@code [x, y]} batches.
 *
 * <pre>{@code
 * Batches train = Batches.of(x, y, 32).shuffle(true, 42);
 * Batches digits = Batches.of(Digits.load(), 64);
 * Batches custom = Batches.of(loader);          // the loader's own batching and shuffling
 * }</pre>
 *
 * <p>Tensor and dataset sources shuffle (when asked) with a seeded order that is a function of the
 * epoch, so runs are reproducible; a {@link DataLoader} source keeps its own configuration.
 */
public final class Batches {
  private final Tensor x;
  private final Tensor y;
  private final Dataset<List<Tensor>> dataset;
  private final DataLoader<?, ? extends List<Tensor>> loader;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;

  private Batches(
      Tensor x,
      Tensor y,
      Dataset<List<Tensor>> dataset,
      DataLoader<?, ? extends List<Tensor>> loader,
      int batchSize,
      boolean shuffle,
      long seed) {
    this.x = x;
    this.y = y;
    this.dataset = dataset;
    this.loader = loader;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
  }

  /**
   * Inputs {@code x} {@code [N, ...]} and targets {@code y} {@code [N, ...]} (null for predict
   * only) in batches of {@code batchSize}, in order.
   *
   * @throws IllegalArgumentException if the first dimensions differ or batchSize &lt; 1
   */
  public static Batches of(Tensor x, Tensor y, int batchSize) {
    checkBatchSize(batchSize);
    if (x.dim() == 0) {
      throw new IllegalArgumentException("Batches: x must have a batch dimension, got a scalar");
    }
    if (y != null && (y.dim() == 0 || y.size(0) != x.size(0))) {
      throw new IllegalArgumentException(
          "Batches: x has "
              + x.size(0)
              + " samples (shape "
              + Arrays.toString(x.shape())
              + ") but y has shape "
              + Arrays.toString(y.shape()));
    }
    return new Batches(x, y, null, null, batchSize, false, 0);
  }

  /** Inputs only, for {@link Model#predict}. */
  public static Batches of(Tensor x, int batchSize) {
    return of(x, null, batchSize);
  }

  /** Samples {@code [x, y]} of {@code dataset} stacked into batches of {@code batchSize}. */
  public static Batches of(Dataset<List<Tensor>> dataset, int batchSize) {
    checkBatchSize(batchSize);
    return new Batches(null, null, dataset, null, batchSize, false, 0);
  }

  /** The batches of {@code loader} (each a list {@code [x, y]} or {@code [x]}). */
  public static Batches of(DataLoader<?, ? extends List<Tensor>> loader) {
    return new Batches(null, null, null, loader, 0, false, 0);
  }

  private static void checkBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Batches: batchSize must be >= 1, got " + batchSize);
    }
  }

  /**
   * This source, reshuffled every epoch from {@code seed} when {@code shuffle} is true.
   *
   * @throws IllegalStateException for a {@link DataLoader} source (configure the loader instead)
   */
  public Batches shuffle(boolean shuffle, long seed) {
    if (loader != null) {
      throw new IllegalStateException(
          "Batches.shuffle: a DataLoader source shuffles as its builder says; set shuffle there");
    }
    return new Batches(x, y, dataset, null, batchSize, shuffle, seed);
  }

  /** Whether this source is a {@link DataLoader} (which batches and shuffles on its own). */
  boolean isLoader() {
    return loader != null;
  }

  /** Whether this source shuffles (always false for a {@link DataLoader} source). */
  public boolean isShuffled() {
    return shuffle;
  }

  /** The number of samples. */
  public int numSamples() {
    if (x != null) {
      return x.size(0);
    }
    return dataset != null ? dataset.size() : loader.dataset().size();
  }

  /** The number of batches in one pass. */
  public int numBatches() {
    if (loader != null) {
      return loader.size();
    }
    return (numSamples() + batchSize - 1) / batchSize;
  }

  /**
   * Splits off the last {@code fraction} of the samples (before any shuffling, as Keras's {@code
   * validation_split}): returns {@code [rest, last]}, each keeping this batch size and shuffling.
   *
   * @throws IllegalArgumentException if fraction is not in (0, 1)
   * @throws IllegalStateException for a {@link DataLoader} source
   */
  public Batches[] splitLast(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validationSplit must be in (0, 1), got " + fraction);
    }
    if (loader != null) {
      throw new IllegalStateException(
          "validationSplit needs tensors or a Dataset; for a DataLoader pass validationData");
    }
    int n = numSamples();
    int train = n - (int) Math.ceil(n * fraction);
    if (x != null) {
      Tensor yTrain = y == null ? null : y.narrow(0, 0, train);
      Tensor yVal = y == null ? null : y.narrow(0, train, n - train);
      return new Batches[] {
        new Batches(x.narrow(0, 0, train), yTrain, null, null, batchSize, shuffle, seed),
        new Batches(x.narrow(0, train, n - train), yVal, null, null, batchSize, false, seed)
      };
    }
    int[] head = new int[train];
    int[] tail = new int[n - train];
    Arrays.setAll(head, i -> i);
    Arrays.setAll(tail, i -> train + i);
    return new Batches[] {
      new Batches(null, null, new Subset<>(dataset, head), null, batchSize, shuffle, seed),
      new Batches(null, null, new Subset<>(dataset, tail), null, batchSize, false, seed)
    };
  }

  /**
   * All targets as one tensor when they are at hand without reading the data (tensor sources, a
   * {@link TensorDataset} or a {@link Subset} of one); null otherwise.
   */
  Tensor targetsIfAtHand() {
    if (x != null) {
      return y;
    }
    Dataset<?> d = dataset != null ? dataset : loader.dataset();
    int[] indices = null;
    if (d instanceof Subset<?> s) {
      indices = s.indices();
      d = s.dataset();
    }
    if (d instanceof TensorDataset td && td.tensors().size() >= 2) {
      Tensor all = td.tensors().get(1);
      return indices == null ? all : all.indexSelect(0, Tensor.of(indices));
    }
    return null;
  }

  /** The batches of data epoch {@code epoch}; close it to release loader threads. */
  CloseableIterator<Batch> epoch(int epoch) {
    if (loader != null) {
      return adapt(loader.iterator(epoch));
    }
    if (dataset != null) {
      DataLoader<List<Tensor>, List<Tensor>> l =
          DataLoader.builder(dataset)
              .batchSize(batchSize)
              .shuffle(shuffle)
              .seed(seed)
              .collate(Collate.tensors())
              .build();
      return adapt(l.iterator(epoch));
    }
    return new TensorBatches(epoch);
  }

  private static CloseableIterator<Batch> adapt(CloseableIterator<? extends List<Tensor>> it) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Batch next() {
        List<Tensor> b = it.next();
        if (b.isEmpty() || b.size() > 2) {
          throw new IllegalArgumentException(
              "Batches: a batch must be [x, y] or [x], got " + b.size() + " tensors");
        }
        return new Batch(b.get(0), b.size() == 2 ? b.get(1) : null);
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }

  /** Slices of the tensors, in a seeded per-epoch order when shuffling. */
  private final class TensorBatches implements CloseableIterator<Batch> {
    private final Tensor order;
    private int start;

    TensorBatches(int epoch) {
      int n = x.size(0);
      if (shuffle) {
        long[] perm = new long[n];
        Arrays.setAll(perm, i -> i);
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
          int j = r.nextInt(i + 1);
          long t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
        }
        order = Tensor.of(perm);
      } else {
        order = null;
      }
    }

    @Override
    public boolean hasNext() {
      return start < x.size(0);
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int len = Math.min(batchSize, x.size(0) - start);
      Batch b;
      if (order == null) {
        b = new Batch(x.narrow(0, start, len), y == null ? null : y.narrow(0, start, len));
      } else {
        Tensor idx = order.narrow(0, start, len);
        b = new Batch(x.indexSelect(0, idx), y == null ? null : y.indexSelect(0, idx));
      }
      start += len;
      return b;
    }

    @Override
    public void close() {}
  }

  /** An endless stream over consecutive data epochs, for {@code stepsPerEpoch}. */
  static final class Stream implements AutoCloseable {
    private final Batches source;
    private int dataEpoch;
    private CloseableIterator<Batch> current;

    Stream(Batches source, int firstEpoch) {
      this.source = source;
      this.dataEpoch = firstEpoch;
    }

    /** The next batch, moving to the next data epoch when one runs out. */
    Batch next() {
      if (current == null || !current.hasNext()) {
        if (current != null) {
          current.close();
        }
        current = source.epoch(dataEpoch++);
        if (!current.hasNext()) {
          throw new IllegalStateException("Batches: the data produced no batches");
        }
      }
      return current.next();
    }

    @Override
    public void close() {
      if (current != null) {
        current.close();
      }
    }
  }
}
