package dev.kiln.data;

import dev.kiln.data.transforms.Transform;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A map-style dataset: a fixed number of samples, each reachable by index (PyTorch's {@code
 * Dataset}). {@link #get} must be safe to call from several threads at once, since {@link
 * dev.kiln.data.loader.DataLoader} workers call it in parallel.
 *
 * <pre>{@code
 * Dataset<Integer> squares = Dataset.of(10, i -> i * i);
 * squares.get(3); // 9
 * }</pre>
 *
 * @param <T> the sample type
 */
public interface Dataset<T> {
  /** Number of samples. */
  int size();

  /**
   * Sample {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, size())}
   */
  T get(int index);

  /** A dataset of {@code size} samples computed by {@code sample} from their index. */
  static <T> Dataset<T> of(int size, IntFunction<T> sample) {
    if (size < 0) {
      throw new IllegalArgumentException("Dataset.of: size must be >= 0, got " + size);
    }
    return new Dataset<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public T get(int index) {
        return sample.apply(Datasets.checkIndex(index, size, "Dataset.of"));
      }
    };
  }

  /** This dataset with {@code fn} applied to every sample as it is read (lazy). */
  default <R> Dataset<R> map(Function<? super T, ? extends R> fn) {
    Dataset<T> self = this;
    return of(size(), i -> fn.apply(self.get(i)));
  }

  /**
   * This dataset with a (possibly random) transform applied to every sample as it is read. Sample
   * {@code i} in epoch {@code e} of a loader seeded with {@code s} draws from {@link
   * Rng#forSample(long, long, long) Rng.forSample(s ^ seed, e, i)}, so augmentation is reproducible
   * whatever thread reads the sample; outside a loader the epoch is 0 and the loader seed 0.
   */
  default <R> Dataset<R> map(Transform<? super T, ? extends R> transform, long seed) {
    Dataset<T> self = this;
    return of(size(), i -> transform.apply(self.get(i), EpochScope.sampleRng(seed, i)));
  }
}
