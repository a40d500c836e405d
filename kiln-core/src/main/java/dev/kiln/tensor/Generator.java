package dev.kiln.tensor;

/**
 * A seeded source of random numbers for Kiln's random ops ({@code rand}, {@code randn}, {@code
 * multinomial}, ...), counter-based so results do not depend on the thread count.
 *
 * <p>Random draw number {@code c} of a generator is {@code SplitMix64(key + (c + 1) * GAMMA)},
 * where {@code key} is derived from the seed: a pure function of the seed and the counter. An op
 * that needs {@code n} draws {@linkplain #reserve reserves} them (the counter advances by {@code
 * n}) and element {@code i} uses draw {@code base + i}, so any split of the work across threads
 * produces the same numbers. Kiln does not reproduce PyTorch's random streams, only their
 * distributions.
 *
 * {@snippet :
 * Generator g = new Generator(42);
 * Tensor a = Tensor.rand(g, 3);
 * g.manualSeed(42);
 * Tensor b = Tensor.rand(g, 3);   // equal to a
 * }
 *
 * <p>A generator is thread-safe: {@link #reserve} is synchronized.
 */
public final class Generator {
  private static final long GAMMA = 0x9E3779B97F4A7C15L;
  private static final Generator DEFAULT = new Generator(67280421310721L);

  private long seed;
  private long key;
  private long counter;

  /**
   * A generator seeded with {@code seed}.
   *
   * {@snippet :
   * Generator g = new Generator(0);
   * }
   */
  public Generator(long seed) {
    manualSeed(seed);
  }

  /**
   * The process-wide generator that random ops use when none is passed; {@code
   * Kiln.manualSeed(seed)} reseeds it.
   *
   * {@snippet :
   * long s = Generator.defaultGenerator().initialSeed();
   * }
   */
  public static Generator defaultGenerator() {
    return DEFAULT;
  }

  /**
   * Resets this generator to the start of the stream for {@code seed}; returns this.
   *
   * {@snippet :
   * Generator g = new Generator(1).manualSeed(7);
   * }
   */
  public synchronized Generator manualSeed(long seed) {
    this.seed = seed;
    this.key = mix(seed);
    this.counter = 0;
    return this;
  }

  /**
   * The seed this generator was last seeded with.
   *
   * {@snippet :
   * long s = new Generator(5).initialSeed();   // 5
   * }
   */
  public synchronized long initialSeed() {
    return seed;
  }

  /**
   * How many draws this generator has handed out since it was seeded (its counter).
   *
   * {@snippet :
   * long used = Generator.defaultGenerator().offset();
   * }
   */
  public synchronized long offset() {
    return counter;
  }

  /**
   * A generator's full state, like PyTorch's {@code get_state()}: the seed and how many draws were
   * handed out since seeding.
   *
   * @param seed the seed
   * @param offset the counter, at least 0
   */
  public record State(long seed, long offset) {}

  /**
   * This generator's current state; {@link #setState} with it replays the same draws.
   *
   * {@snippet :
   * Generator.State s = g.getState();
   * Tensor a = Tensor.rand(g, 3);
   * g.setState(s);
   * Tensor b = Tensor.rand(g, 3);   // equal to a
   * }
   */
  public synchronized State getState() {
    return new State(seed, counter);
  }

  /**
   * Restores a state from {@link #getState}; returns this.
   *
   * @throws IllegalArgumentException when the offset is negative
   */
  public synchronized Generator setState(State state) {
    if (state.offset() < 0) {
      throw new IllegalArgumentException(
          "Generator.setState: expected offset >= 0, got " + state.offset());
    }
    manualSeed(state.seed());
    counter = state.offset();
    return this;
  }

  /**
   * Reserves {@code n} consecutive draws and returns a stream positioned at the first; the
   * generator's counter advances by {@code n}. Draw {@code i} of the stream is {@code
   * stream.bits(i)}.
   *
   * {@snippet :
   * Generator.Stream s = new Generator(0).reserve(10);
   * double u = s.uniform(3);   // the fourth reserved draw, in [0, 1)
   * }
   */
  public synchronized Stream reserve(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("Generator.reserve: expected n >= 0, got " + n);
    }
    Stream s = new Stream(key, counter);
    counter += n;
    return s;
  }

  /**
   * A fixed window of a generator's draws: {@code bits(i)} is a pure function of the generator's
   * key and {@code base + i}, so it may be called from any thread in any order.
   *
   * @param key the seed-derived key
   * @param base the counter value of draw 0
   */
  public record Stream(long key, long base) {
    /**
     * 64 random bits for draw {@code i}.
     *
     * {@snippet :
     * long b = new Generator(0).reserve(1).bits(0);
     * }
     */
    public long bits(long i) {
      return mix(key + (base + i + 1) * GAMMA);
    }

    /**
     * A double uniform in {@code [0, 1)} with 53 random bits, from draw {@code i}.
     *
     * {@snippet :
     * double u = new Generator(0).reserve(1).uniform(0);
     * }
     */
    public double uniform(long i) {
      return (bits(i) >>> 11) * 0x1.0p-53;
    }

    /**
     * A float uniform in {@code [0, 1)} with 24 random bits, from draw {@code i}.
     *
     * {@snippet :
     * float u = new Generator(0).reserve(1).uniformFloat(0);
     * }
     */
    public float uniformFloat(long i) {
      return (bits(i) >>> 40) * 0x1.0p-24f;
    }

    /**
     * A standard normal value from draws {@code 2i} and {@code 2i + 1} (Box-Muller).
     *
     * {@snippet :
     * double z = new Generator(0).reserve(2).normal(0);
     * }
     */
    public double normal(long i) {
      double u1 = 1.0 - uniform(2 * i); // in (0, 1], so the log is finite
      double u2 = uniform(2 * i + 1);
      return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * An integer uniform in {@code [0, range)} from draw {@code i} (Lemire's multiply-high).
     *
     * {@snippet :
     * long k = new Generator(0).reserve(1).below(0, 6);   // a die roll minus one
     * }
     */
    public long below(long i, long range) {
      return Math.unsignedMultiplyHigh(bits(i), range);
    }
  }

  /** SplitMix64's finalizer (Stafford's Mix13). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
