package dev.kiln.data;

/**
 * The (seed, epoch) a {@link dev.kiln.data.loader.DataLoader} or {@link
 * dev.kiln.data.pipeline.Pipeline} is reading for, bound as a {@link ScopedValue} around each
 * sample read so that {@link Dataset#map(dev.kiln.data.transforms.Transform, long)} can derive a
 * per-sample generator that does not depend on the reading thread.
 *
 * @param seed the loader's seed
 * @param epoch the epoch number, from 0
 */
public record EpochScope(long seed, long epoch) {
  /** The scope bound by the loader; unbound outside a loader. */
  public static final ScopedValue<EpochScope> CURRENT = ScopedValue.newInstance();

  /** The generator for sample {@code index} of a transform seeded with {@code seed}. */
  static Rng sampleRng(long seed, int index) {
    EpochScope scope = CURRENT.orElse(new EpochScope(0, 0));
    return Rng.forSample(scope.seed ^ seed, scope.epoch, index);
  }
}
