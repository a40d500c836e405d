package dev.kiln.data.pipeline;

import dev.kiln.data.CloseableIterator;
import dev.kiln.data.Collate;
import dev.kiln.data.Dataset;
import dev.kiln.data.IterableDataset;
import dev.kiln.data.Rng;
import dev.kiln.data.internal.OrderedParallel;
import dev.kiln.data.transforms.Transform;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A lazy input pipeline in the tf.data style: a recipe that each {@link #iterator()} runs afresh,
 * built by chaining stages. Parallel {@code map} and {@code prefetch} use the same ordered,
 * bounded, leak-free worker machinery as {@link dev.kiln.data.loader.DataLoader}.
 *
 * <pre>{@code
 * Pipeline<Object> batches = Pipeline.from(trainSet)
 *     .shuffle(1000, 42)
 *     .map(row -> preprocess(row), 4) // 4 threads, order kept
 *     .batch(32)
 *     .prefetch(2);
 * try (var it = batches.iterator()) { while (it.hasNext()) { train(it.next()); } }
 * }</pre>
 *
 * <p>Randomness is seeded: {@link #shuffle} and {@link #augment} draw from generators derived from
 * their seed and the pass number (the n-th {@code iterator()} call on that stage), so passes differ
 * from one another and runs repeat exactly. Close iterators you abandon early (they may hold worker
 * threads; dropped ones are cleaned up by the garbage collector).
 *
 * @param <T> the element type
 */
public final class Pipeline<T> implements Iterable<T> {
  private final Supplier<CloseableIterator<T>> passes;

  private Pipeline(Supplier<CloseableIterator<T>> passes) {
    this.passes = passes;
  }

  /** The elements of {@code source}, re-iterated on each pass. */
  public static <T> Pipeline<T> from(Iterable<T> source) {
    return new Pipeline<>(() -> CloseableIterator.of(source.iterator()));
  }

  /** The samples of a map-style dataset in index order. */
  public static <T> Pipeline<T> from(Dataset<T> dataset) {
    return from(IterableDataset.of(dataset));
  }

  /** The given elements. */
  @SafeVarargs
  public static <T> Pipeline<T> of(T... elements) {
    return from(List.of(elements));
  }

  /** {@code 0, 1, ..., n-1}. */
  public static Pipeline<Integer> range(int n) {
    return from(Dataset.of(n, i -> i));
  }

  /** Starts a pass. */
  @Override
  public CloseableIterator<T> iterator() {
    return passes.get();
  }

  /** All elements of one pass, in order (for small pipelines and tests). */
  public List<T> toList() {
    List<T> out = new ArrayList<>();
    try (CloseableIterator<T> it = iterator()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /** Applies {@code fn} to each element in the consumer's thread. */
  public <R> Pipeline<R> map(Function<? super T, ? extends R> fn) {
    return map(fn, 0);
  }

  /**
   * Applies {@code fn} with {@code parallelism} threads (0 = the consumer's thread), keeping the
   * input order, with at most {@code 2 * parallelism} results computed ahead.
   */
  public <R> Pipeline<R> map(Function<? super T, ? extends R> fn, int parallelism) {
    return new Pipeline<>(
        () ->
            OrderedParallel.map(
                iterator(), fn, parallelism, Math.max(1, 2 * parallelism), "kiln-data-map"));
  }

  /**
   * Applies a random transform: element {@code i} of pass {@code p} draws from {@code
   * Rng.forSample(seed, p, i)}, so the result does not depend on {@code parallelism}.
   */
  public <R> Pipeline<R> augment(
      Transform<? super T, ? extends R> transform, long seed, int parallelism) {
    AtomicInteger pass = new AtomicInteger();
    return new Pipeline<>(
        () -> {
          int p = pass.getAndIncrement();
          Iterator<Indexed<T>> indexed = Indexed.number(iterator());
          return OrderedParallel.map(
              indexed,
              e -> transform.apply(e.value(), Rng.forSample(seed, p, e.index())),
              parallelism,
              Math.max(1, 2 * parallelism),
              "kiln-data-map");
        });
  }

  /** Keeps the elements for which {@code keep} is true. */
  public Pipeline<T> filter(Predicate<? super T> keep) {
    return new Pipeline<>(() -> Stages.filter(iterator(), keep));
  }

  /** Groups of {@code size} consecutive elements combined by {@code collate}. */
  public <B> Pipeline<B> batch(int size, boolean dropRemainder, Collate<T, B> collate) {
    return window(size, size, dropRemainder).map(collate::collate);
  }

  /** Groups of {@code size} stacked by {@link Collate#defaultCollate()}; the last may be short. */
  public Pipeline<Object> batch(int size) {
    return batch(size, false, Collate.defaultCollate());
  }

  /**
   * Groups of {@code size} tensors padded with {@code padValue} at the end of each dimension to the
   * largest size in the group, then stacked: {@code [B, max d0, max d1, ...]} (tf.data's {@code
   * padded_batch}). The tensors must have the same rank and dtype.
   */
  public Pipeline<Tensor> paddedBatch(int size, double padValue) {
    return window(size, size, false).map(group -> Stages.padAndStack(group, padValue));
  }

  /**
   * Splits each batch back into elements: tensors by their first dimension, lists and maps
   * field-wise (the inverse of {@link #batch(int)}).
   */
  public Pipeline<Object> unbatch() {
    return new Pipeline<>(() -> Stages.unbatch(iterator()));
  }

  /**
   * Lists of {@code size} consecutive elements, starting every {@code shift} elements (tf.data's
   * {@code window} with the windows as lists); a last, shorter window is kept unless {@code
   * dropRemainder}.
   */
  public Pipeline<List<T>> window(int size, int shift, boolean dropRemainder) {
    if (size < 1 || shift < 1) {
      throw new IllegalArgumentException(
          "window: size and shift must be >= 1, got " + size + ", " + shift);
    }
    return new Pipeline<>(() -> Stages.window(iterator(), size, shift, dropRemainder));
  }

  /**
   * Shuffles through a buffer of {@code bufferSize} elements (tf.data's {@code shuffle}): each
   * output is a random pick from the buffer, refilled from upstream. A buffer at least as large as
   * the data gives a uniform shuffle. Each pass reshuffles.
   */
  public Pipeline<T> shuffle(int bufferSize, long seed) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException("shuffle: bufferSize must be >= 1, got " + bufferSize);
    }
    AtomicInteger pass = new AtomicInteger();
    return new Pipeline<>(
        () -> Stages.shuffle(iterator(), bufferSize, Rng.forEpoch(seed, pass.getAndIncrement())));
  }

  /** The elements {@code count} times over (each repetition a fresh upstream pass). */
  public Pipeline<T> repeat(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("repeat: count must be >= 0, got " + count);
    }
    return new Pipeline<>(() -> Stages.repeat(this::iterator, count));
  }

  /** The elements over and over, forever (combine with {@link #take}). */
  public Pipeline<T> repeat() {
    return new Pipeline<>(() -> Stages.repeat(this::iterator, -1));
  }

  /** The first {@code n} elements. */
  public Pipeline<T> take(long n) {
    return new Pipeline<>(() -> Stages.take(iterator(), n));
  }

  /** All but the first {@code n} elements. */
  public Pipeline<T> skip(long n) {
    return new Pipeline<>(() -> Stages.skip(iterator(), n));
  }

  /**
   * Keeps the elements of the first complete pass in memory and replays them afterwards (a pass
   * stopped early caches nothing).
   */
  public Pipeline<T> cache() {
    return new Pipeline<>(new MemoryCache<>(this::iterator));
  }

  /**
   * Writes the first complete pass to {@code file} (atomically: a temporary file renamed at the
   * end) and reads later passes, and later runs, from it. Elements must be tensors, numbers,
   * booleans, strings, or lists/maps of them.
   */
  public Pipeline<T> cache(Path file) {
    return new Pipeline<>(new FileCache<>(this::iterator, file));
  }

  /** Computes up to {@code bufferSize} elements ahead in one background thread. */
  public Pipeline<T> prefetch(int bufferSize) {
    return new Pipeline<>(
        () ->
            OrderedParallel.map(
                iterator(), Function.identity(), 1, bufferSize, "kiln-data-prefetch"));
  }

  /**
   * Maps each element to a pipeline and interleaves them (tf.data's {@code interleave}): {@code
   * cycleLength} inner pipelines are open at once, {@code blockLength} elements are taken from each
   * in turn, and an exhausted one is replaced by the next element's pipeline.
   */
  public <R> Pipeline<R> interleave(
      Function<? super T, Pipeline<R>> fn, int cycleLength, int blockLength) {
    if (cycleLength < 1 || blockLength < 1) {
      throw new IllegalArgumentException(
          "interleave: cycleLength and blockLength must be >= 1, got "
              + cycleLength
              + ", "
              + blockLength);
    }
    return new Pipeline<>(() -> Stages.interleave(iterator(), fn, cycleLength, blockLength));
  }

  /** Pairs this pipeline's elements with {@code other}'s, stopping at the shorter. */
  public <U, R> Pipeline<R> zip(
      Pipeline<U> other, BiFunction<? super T, ? super U, ? extends R> combine) {
    return new Pipeline<>(() -> Stages.zip(iterator(), other.iterator(), combine));
  }

  /** An element with its position in the pass. */
  record Indexed<T>(long index, T value) {
    static <T> Iterator<Indexed<T>> number(CloseableIterator<T> it) {
      return new Stage<>(it) {
        private long i;

        @Override
        void advance() {
          if (it.hasNext()) {
            emit(new Indexed<>(i++, it.next()));
          } else {
            finish();
          }
        }
      };
    }
  }
}
