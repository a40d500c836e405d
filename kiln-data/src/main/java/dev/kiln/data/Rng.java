package dev.kiln.data;

import java.util.SplittableRandom;

/**
 * The one source of randomness in kiln-data: a seeded {@link SplittableRandom} with the few draws
 * samplers, shuffles and augmentations need. Every random choice in this module comes from an
 * {@code Rng} built from an explicit seed, so a run is reproducible from its seeds alone, whatever
 * the number of worker threads.
 *
 * <pre>{@code
 * Rng rng = Rng.of(42);
 * int[] order = rng.permutation(10);
 * Rng sample = Rng.forSample(42, 3, 17); // epoch 3, sample 17: same draws on every run
 * }</pre>
 *
 * <p>An {@code Rng} is not thread-safe; give each thread or sample its own.
 */
public final class Rng {
  private final SplittableRandom random;

  private Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A generator seeded with {@code seed}. */
  public static Rng of(long seed) {
    return new Rng(seed);
  }

  /**
   * A generator for one (seed, epoch, index) triple, independent of the thread that asks for it:
   * the three numbers are mixed into one seed so neighbouring triples give unrelated streams.
   */
  public static Rng forSample(long seed, long epoch, long index) {
    return new Rng(mix(mix(mix(seed) ^ epoch) ^ index));
  }

  /** A generator for one epoch of a sampler or shuffle seeded with {@code seed}. */
  public static Rng forEpoch(long seed, long epoch) {
    return new Rng(mix(mix(seed) ^ epoch));
  }

  /** SplitMix64's finaliser: a bijective 64-bit mix. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A uniform int in {@code [0, bound)}. */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** A uniform long (all 64 bits random), e.g. to seed another generator. */
  public long nextLong() {
    return random.nextLong();
  }

  /** A uniform double in {@code [0, 1)}. */
  public double nextDouble() {
    return random.nextDouble();
  }

  /** A uniform double in {@code [origin, bound)}. */
  public double nextDouble(double origin, double bound) {
    return origin == bound ? origin : random.nextDouble(origin, bound);
  }

  /** True with probability {@code p}. */
  public boolean nextBoolean(double p) {
    return random.nextDouble() < p;
  }

  /** A random permutation of {@code 0 .. n-1} (Fisher-Yates). */
  public int[] permutation(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    shuffle(out);
    return out;
  }

  /** Shuffles {@code values} in place (Fisher-Yates). */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
