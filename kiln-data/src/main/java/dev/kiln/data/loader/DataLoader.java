package dev.kiln.data.loader;

import dev.kiln.data.CloseableIterator;
import dev.kiln.data.Collate;
import dev.kiln.data.Dataset;
import dev.kiln.data.EpochScope;
import dev.kiln.data.internal.OrderedParallel;
import dev.kiln.data.sampler.BatchSampler;
import dev.kiln.data.sampler.RandomSampler;
import dev.kiln.data.sampler.Sampler;
import dev.kiln.data.sampler.SequentialSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a map-style {@link Dataset} in batches (PyTorch's {@code DataLoader}): a {@link Sampler}
 * orders the indices, a {@link BatchSampler} groups them, {@code numWorkers} threads read and
 * collate batches ahead of the consumer into a bounded queue, and batches come out in sampler order
 * whatever the thread count.
 *
 * <pre>{@code
 * try (var loader = DataLoader.builder(trainSet).batchSize(64).shuffle(true).seed(42)
 *         .numWorkers(2).collate(Collate.tensors()).build()) {
 *   for (int epoch = 0; epoch < 10; epoch++) {
 *     for (List<Tensor> batch : loader) { ... } // a new order each epoch, the same on every run
 *   }
 * }
 * }</pre>
 *
 * <p>Each {@link #iterator()} is one epoch (the epoch counter advances); {@link #iterator(int)}
 * reads a given epoch. A failed sample read surfaces in the consumer as a {@link
 * DataLoaderException} naming the index. Breaking out of a for-each loop leaves the epoch's worker
 * threads to be stopped when the iterator is garbage-collected; close the iterator (or the loader,
 * which closes every open iterator) to stop them at once. Random transforms applied through {@link
 * Dataset#map(dev.kiln.data.transforms.Transform, long)} see the loader's seed and epoch, so
 * augmentation is reproducible too.
 *
 * @param <T> the sample type
 * @param <B> the batch type
 */
public final class DataLoader<T, B> implements Iterable<B>, AutoCloseable {
  private final Dataset<T> dataset;
  private final BatchSampler batchSampler;
  private final Collate<T, ? extends B> collate;
  private final int numWorkers;
  private final int prefetchFactor;
  private final long seed;
  private final AtomicInteger nextEpoch = new AtomicInteger();
  private final Set<CloseableIterator<B>> open =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private DataLoader(Builder<T, B> b) {
    this.dataset = b.dataset;
    this.collate = b.collate;
    this.numWorkers = b.numWorkers;
    this.prefetchFactor = b.prefetchFactor;
    this.seed = b.seed;
    if (b.batchSampler != null) {
      if (b.sampler != null || b.shuffle || b.dropLast || b.batchSize != 1) {
        throw new IllegalArgumentException(
            "DataLoader: batchSampler excludes sampler, shuffle, dropLast and batchSize");
      }
      this.batchSampler = b.batchSampler;
      return;
    }
    if (b.sampler != null && b.shuffle) {
      throw new IllegalArgumentException(
          "DataLoader: give either a sampler or shuffle(true), not both");
    }
    Sampler sampler =
        b.sampler != null
            ? b.sampler
            : b.shuffle
                ? new RandomSampler(dataset.size(), b.seed)
                : new SequentialSampler(dataset.size());
    this.batchSampler = new BatchSampler(sampler, b.batchSize, b.dropLast);
  }

  /** A builder with batch size 1, no shuffle, no workers and {@link Collate#defaultCollate()}. */
  public static <T> Builder<T, Object> builder(Dataset<T> dataset) {
    return new Builder<>(dataset, Collate.defaultCollate());
  }

  /** Batches per epoch. */
  public int size() {
    return batchSampler.size();
  }

  /** The dataset being read. */
  public Dataset<T> dataset() {
    return dataset;
  }

  /** The next epoch: each call advances the epoch counter (starting at 0). */
  @Override
  public CloseableIterator<B> iterator() {
    return iterator(nextEpoch.getAndIncrement());
  }

  /** Epoch {@code epoch}, e.g. to resume a run; does not move the epoch counter. */
  public CloseableIterator<B> iterator(int epoch) {
    EpochScope scope = new EpochScope(seed, epoch);
    List<int[]> batches = batchSampler.batches(epoch);
    CloseableIterator<B> it =
        OrderedParallel.map(
            batches.iterator(),
            batch -> ScopedValue.where(EpochScope.CURRENT, scope).call(() -> load(batch)),
            numWorkers,
            Math.max(1, numWorkers * prefetchFactor),
            "kiln-data-worker");
    open.add(it);
    return it;
  }

  private B load(int[] batch) {
    List<T> samples = new ArrayList<>(batch.length);
    for (int index : batch) {
      try {
        samples.add(dataset.get(index));
      } catch (RuntimeException e) {
        throw new DataLoaderException(
            "DataLoader: reading sample index " + index + " failed: " + e, index, e);
      }
    }
    try {
      return collate.collate(samples);
    } catch (RuntimeException e) {
      throw new DataLoaderException(
          "DataLoader: collating the batch of indices " + Arrays.toString(batch) + " failed: " + e,
          -1,
          e);
    }
  }

  /** Stops the workers of every iterator still open. */
  @Override
  public void close() {
    List<CloseableIterator<B>> copy;
    synchronized (open) {
      copy = new ArrayList<>(open);
      open.clear();
    }
    copy.forEach(CloseableIterator::close);
  }

  /**
   * Configures a {@link DataLoader}.
   *
   * @param <T> the sample type
   * @param <B> the batch type
   */
  public static final class Builder<T, B> {
    private final Dataset<T> dataset;
    private final Collate<T, ? extends B> collate;
    private int batchSize = 1;
    private boolean shuffle;
    private boolean dropLast;
    private long seed;
    private Sampler sampler;
    private BatchSampler batchSampler;
    private int numWorkers;
    private int prefetchFactor = 2;

    private Builder(Dataset<T> dataset, Collate<T, ? extends B> collate) {
      this.dataset = dataset;
      this.collate = collate;
    }

    /** Samples per batch (default 1). */
    public Builder<T, B> batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("DataLoader: batchSize must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Reshuffle every epoch with a {@link RandomSampler} seeded by {@link #seed}. */
    public Builder<T, B> shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Drop the last batch when it is shorter than the batch size. */
    public Builder<T, B> dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /** The seed for shuffling and for transforms' per-sample generators (default 0). */
    public Builder<T, B> seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** A custom index order (excludes {@code shuffle}). */
    public Builder<T, B> sampler(Sampler sampler) {
      this.sampler = sampler;
      return this;
    }

    /**
     * Custom batches (excludes {@code sampler}, {@code shuffle}, {@code batchSize}, {@code
     * dropLast}).
     */
    public Builder<T, B> batchSampler(BatchSampler batchSampler) {
      this.batchSampler = batchSampler;
      return this;
    }

    /**
     * Threads reading batches ahead of the consumer; 0 (default) reads in the consumer's thread.
     */
    public Builder<T, B> numWorkers(int numWorkers) {
      if (numWorkers < 0) {
        throw new IllegalArgumentException(
            "DataLoader: numWorkers must be >= 0, got " + numWorkers);
      }
      this.numWorkers = numWorkers;
      return this;
    }

    /** Batches each worker may hold ready ahead of the consumer (default 2). */
    public Builder<T, B> prefetchFactor(int prefetchFactor) {
      if (prefetchFactor < 1) {
        throw new IllegalArgumentException(
            "DataLoader: prefetchFactor must be >= 1, got " + prefetchFactor);
      }
      this.prefetchFactor = prefetchFactor;
      return this;
    }

    /** A custom collate function; changes the batch type. */
    public <B2> Builder<T, B2> collate(Collate<T, ? extends B2> collate) {
      Builder<T, B2> b = new Builder<>(dataset, collate);
      b.batchSize = batchSize;
      b.shuffle = shuffle;
      b.dropLast = dropLast;
      b.seed = seed;
      b.sampler = sampler;
      b.batchSampler = batchSampler;
      b.numWorkers = numWorkers;
      b.prefetchFactor = prefetchFactor;
      return b;
    }

    /** Builds the loader. */
    public DataLoader<T, B> build() {
      return new DataLoader<>(this);
    }
  }
}
