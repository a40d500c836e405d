package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.backend.Parallel;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;
import java.util.List;

/**
 * Declarations of the random ops. Every op draws from a {@link Generator} (the default one when
 * none is given); element {@code i} of a result depends only on the generator's key and counter, so
 * the numbers do not depend on how many threads fill the tensor.
 */
public final class RandomOps {
  private RandomOps() {}

  public static final PrimitiveOp UNIFORM = new PrimitiveOp("uniform", false);
  public static final PrimitiveOp NORMAL = new PrimitiveOp("normal");
  public static final PrimitiveOp BERNOULLI = new PrimitiveOp("bernoulli", false);
  public static final PrimitiveOp RANDINT = new PrimitiveOp("randint", false);
  public static final PrimitiveOp RANDPERM = new PrimitiveOp("randperm", false);
  public static final PrimitiveOp MULTINOMIAL = new PrimitiveOp("multinomial", false);
  public static final CompositeOp RAND = new CompositeOp("rand", false);
  public static final CompositeOp RANDN = new CompositeOp("randn", false);
  public static final CompositeOp RAND_LIKE = new CompositeOp("randLike", false);
  public static final CompositeOp RANDN_LIKE = new CompositeOp("randnLike", false);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(
          UNIFORM,
          NORMAL,
          BERNOULLI,
          RANDINT,
          RANDPERM,
          MULTINOMIAL,
          RAND,
          RANDN,
          RAND_LIKE,
          RANDN_LIKE);

  /** Element {@code i}'s value from a reserved stream. */
  @FunctionalInterface
  private interface Draw {
    double at(Generator.Stream s, long i);
  }

  /**
   * Fills {@code t} in place with {@code draw(stream, i)} for element {@code i} (row-major),
   * reserving {@code drawsPerElement} draws per element; split across threads.
   */
  private static Tensor fill(String op, Tensor t, Generator g, int drawsPerElement, Draw draw) {
    InPlace.checkNoOverlap(op, t);
    if (t.requiresGrad()) {
      Autograd.checkInPlace(op + "_", t);
    }
    Tensor target = t.isContiguous() ? t : Tensor.empty(t.dtype(), t.shape());
    int n = target.numel();
    Generator.Stream stream = g.reserve((long) n * drawsPerElement);
    Storage s = target.storage();
    int off = target.storageOffset();
    DType dt = target.dtype();
    Parallel.parallelFor(
        n,
        Parallel.GRAIN_SIZE / 8,
        (start, end) -> {
          switch (s) {
            case Storage.FloatStorage f -> {
              float[] a = f.data();
              for (int i = start; i < end; i++) {
                a[off + i] = (float) draw.at(stream, i);
              }
            }
            case Storage.DoubleStorage d -> {
              double[] a = d.data();
              for (int i = start; i < end; i++) {
                a[off + i] = draw.at(stream, i);
              }
            }
            default -> {
              for (int i = start; i < end; i++) {
                s.setDouble(off + i, draw.at(stream, i), dt);
              }
            }
          }
        });
    if (target != t) {
      return t.copy_(target);
    }
    t.bumpVersion();
    if (t.requiresGrad()) {
      // the old values no longer matter: cut the history (PyTorch gives zero gradients)
      Autograd.recordCopy(op + "_", t, Tensor.wrapNumber(0.0));
    }
    return t;
  }

  private static void checkFloating(String op, DType dtype) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(op + ": expected a floating point dtype, got " + dtype);
    }
  }

  /**
   * Fills {@code t} with values uniform in {@code [lo, hi)}; returns {@code t}.
   *
   * {@snippet :
   * RandomOps.uniform_(Tensor.empty(3), -1, 1, new Generator(0));
   * }
   */
  public static Tensor uniform_(Tensor t, double lo, double hi, Generator g) {
    checkFloating("uniform_", t.dtype());
    if (!(lo <= hi) || !Double.isFinite(hi - lo)) {
      throw new IllegalArgumentException(
          "uniform_: expects to return a [from, to) range, but found from=" + lo + " > to=" + hi);
    }
    double width = hi - lo;
    if (t.dtype() == DType.FLOAT64) {
      return fill("uniform", t, g, 1, (s, i) -> lo + s.uniform(i) * width);
    }
    return fill("uniform", t, g, 1, (s, i) -> lo + s.uniformFloat(i) * width);
  }

  /**
   * Fills {@code t} with normal values of the given mean and standard deviation.
   *
   * {@snippet :
   * RandomOps.normal_(Tensor.empty(3), 0, 1, new Generator(0));
   * }
   */
  public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
    checkFloating("normal_", t.dtype());
    if (!(std >= 0)) {
      throw new IllegalArgumentException("normal_: expects std >= 0.0, but found std " + std);
    }
    return fill("normal", t, g, 2, (s, i) -> mean + std * s.normal(i));
  }

  /**
   * Fills {@code t} with 1 with probability {@code p}, else 0.
   *
   * {@snippet :
   * RandomOps.bernoulli_(Tensor.empty(8), 0.5, new Generator(0));
   * }
   */
  public static Tensor bernoulli_(Tensor t, double p, Generator g) {
    checkProbability("bernoulli_", p);
    return fill("bernoulli", t, g, 1, (s, i) -> s.uniform(i) < p ? 1 : 0);
  }

  private static void checkProbability(String op, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(op + ": expects p to be in [0, 1], but got p=" + p);
    }
  }

  /**
   * Uniform {@code [lo, hi)} values of a new tensor.
   *
   * {@snippet :
   * Tensor x = RandomOps.uniform(0, 1, DType.FLOAT32, new int[] {2, 3}, new Generator(0));
   * }
   */
  public static Tensor uniform(double lo, double hi, DType dtype, int[] shape, Generator g) {
    return uniform_(CreationOps.empty(dtype, shape), lo, hi, g);
  }

  /**
   * Normal values of a new tensor.
   *
   * {@snippet :
   * Tensor x = RandomOps.normal(0, 1, DType.FLOAT64, new int[] {5}, new Generator(0));
   * }
   */
  public static Tensor normal(double mean, double std, DType dtype, int[] shape, Generator g) {
    return normal_(CreationOps.empty(dtype, shape), mean, std, g);
  }

  /**
   * Normal values with elementwise {@code mean} and {@code std} (broadcast together); the result
   * has their promoted floating dtype.
   *
   * {@snippet :
   * Tensor x = RandomOps.normal(Tensor.zeros(3), Tensor.ones(3), new Generator(0));
   * }
   */
  public static Tensor normal(Tensor mean, Tensor std, Generator g) {
    for (double v : std.toDoubleArray()) {
      if (!(v >= 0)) {
        throw new IllegalArgumentException(
            "normal: expects all elements of std >= 0.0, but found " + v);
      }
    }
    int[] shape = Shapes.broadcast("normal", mean.shape(), std.shape());
    DType dtype = DTypeRule.FLOAT.result("normal", TypePromotion.resultType(mean, std));
    Tensor z = normal(0, 1, dtype, shape, g);
    return BinaryOps.ADD.apply(BinaryOps.MUL.apply(z, std), mean);
  }

  /**
   * A tensor of 0s and 1s, 1 with probability {@code p[i]}; same shape and dtype as {@code p}.
   *
   * {@snippet :
   * Tensor b = RandomOps.bernoulli(Tensor.full(0.5, 4), new Generator(0));
   * }
   */
  public static Tensor bernoulli(Tensor p, Generator g) {
    checkFloating("bernoulli", p.dtype());
    double[] probs = p.toDoubleArray();
    for (double v : probs) {
      checkProbability("bernoulli", v);
    }
    return fill(
        "bernoulli",
        CreationOps.empty(p.dtype(), p.shape()),
        g,
        1,
        (s, i) -> s.uniform(i) < probs[(int) i] ? 1 : 0);
  }

  /**
   * Integers uniform in {@code [low, high)}.
   *
   * {@snippet :
   * Tensor d = RandomOps.randint(1, 7, DType.INT64, new int[] {10}, new Generator(0));
   * }
   */
  public static Tensor randint(long low, long high, DType dtype, int[] shape, Generator g) {
    if (low >= high) {
      throw new IllegalArgumentException(
          "randint: expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
    }
    if (!dtype.isFloatingPoint() && !fits(low, high - 1, dtype)) {
      throw new IllegalArgumentException(
          "randint: range [" + low + ", " + high + ") does not fit dtype " + dtype);
    }
    long range = high - low;
    Tensor out = CreationOps.empty(dtype, shape);
    int n = out.numel();
    Generator.Stream stream = g.reserve(n);
    Storage s = out.storage();
    Parallel.parallelFor(
        n,
        Parallel.GRAIN_SIZE / 8,
        (start, end) -> {
          for (int i = start; i < end; i++) {
            s.setLong(i, low + stream.below(i, range), dtype);
          }
        });
    return out;
  }

  private static boolean fits(long lo, long hi, DType dtype) {
    return switch (dtype) {
      case INT64 -> true;
      case INT32 -> lo >= Integer.MIN_VALUE && hi <= Integer.MAX_VALUE;
      case INT16 -> lo >= Short.MIN_VALUE && hi <= Short.MAX_VALUE;
      case INT8 -> lo >= Byte.MIN_VALUE && hi <= Byte.MAX_VALUE;
      case UINT8 -> lo >= 0 && hi <= 255;
      default -> lo >= 0 && hi <= 1;
    };
  }

  /**
   * A random permutation of {@code 0 .. n-1} (Fisher-Yates).
   *
   * {@snippet :
   * Tensor p = RandomOps.randperm(5, DType.INT64, new Generator(0));
   * }
   */
  public static Tensor randperm(int n, DType dtype, Generator g) {
    if (n < 0) {
      throw new IllegalArgumentException("randperm: expected n >= 0, got " + n);
    }
    long[] perm = new long[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    Generator.Stream stream = g.reserve(n);
    for (int i = n - 1; i > 0; i--) {
      int j = (int) stream.below(n - 1 - i, i + 1L);
      long tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    return Tensor.of(perm).to(dtype);
  }

  /**
   * Category indices drawn from each row of non-negative weights {@code probs} (1-D or 2-D, need
   * not sum to 1): {@code numSamples} per row, with or without replacement. Returns int64 of shape
   * {@code [numSamples]} or {@code [rows, numSamples]}.
   *
   * {@snippet :
   * Tensor i = RandomOps.multinomial(Tensor.of(1f, 3f), 4, true, new Generator(0));
   * }
   */
  public static Tensor multinomial(Tensor probs, int numSamples, boolean replacement, Generator g) {
    if (probs.dim() < 1 || probs.dim() > 2) {
      throw new IllegalArgumentException(
          "multinomial: prob_dist must be 1 or 2 dim, got shape " + Shapes.str(probs.shape()));
    }
    checkFloating("multinomial", probs.dtype());
    int cats = probs.size(-1);
    int rows = probs.dim() == 1 ? 1 : probs.size(0);
    if (numSamples <= 0) {
      throw new IllegalArgumentException(
          "multinomial: cannot sample n_sample <= 0 samples, got " + numSamples);
    }
    if (!replacement && numSamples > cats) {
      throw new IllegalArgumentException(
          "multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement ("
              + numSamples
              + " > "
              + cats
              + ")");
    }
    double[] w = probs.toDoubleArray();
    long[] out = new long[rows * numSamples];
    Generator.Stream stream = g.reserve((long) rows * (replacement ? numSamples : cats));
    for (int r = 0; r < rows; r++) {
      int positive = checkRow(w, r * cats, cats);
      if (!replacement && numSamples > positive) {
        throw new IllegalArgumentException(
            "multinomial: invalid multinomial distribution (with replacement=False, not enough"
                + " non-negative category to sample): row "
                + r
                + " has "
                + positive
                + " positive weights, "
                + numSamples
                + " samples requested");
      }
      if (replacement) {
        withReplacement(
            w, r * cats, cats, stream, (long) r * numSamples, out, r * numSamples, numSamples);
      } else {
        withoutReplacement(
            w, r * cats, cats, stream, (long) r * cats, out, r * numSamples, numSamples);
      }
    }
    Tensor result = Tensor.of(out);
    return probs.dim() == 1 ? result : result.view(rows, numSamples);
  }

  /** Checks one row of weights; returns how many are positive. */
  private static int checkRow(double[] w, int from, int n) {
    double sum = 0;
    int positive = 0;
    for (int i = from; i < from + n; i++) {
      if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
        throw new IllegalArgumentException(
            "multinomial: probability tensor contains either inf, nan or element < 0 (got "
                + w[i]
                + " at index "
                + (i - from)
                + ")");
      }
      sum += w[i];
      positive += w[i] > 0 ? 1 : 0;
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException(
          "multinomial: invalid multinomial distribution (sum of probabilities <= 0)");
    }
    return positive;
  }

  /** Inverse-CDF sampling: draw {@code k} picks the first category whose running sum exceeds it. */
  private static void withReplacement(
      double[] w, int from, int n, Generator.Stream s, long draw, long[] out, int at, int count) {
    double[] cdf = new double[n];
    double total = 0;
    int lastPositive = 0;
    for (int i = 0; i < n; i++) {
      total += w[from + i];
      cdf[i] = total;
      lastPositive = w[from + i] > 0 ? i : lastPositive;
    }
    for (int k = 0; k < count; k++) {
      double u = s.uniform(draw + k) * total;
      int lo = 0;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      out[at + k] = Math.min(lo, lastPositive);
    }
  }

  /**
   * Efraimidis-Spirakis: category {@code i} gets key {@code log(u_i) / w_i}; the {@code count}
   * largest keys, largest first, are the sample (zero weights get minus infinity, never chosen).
   */
  private static void withoutReplacement(
      double[] w, int from, int n, Generator.Stream s, long draw, long[] out, int at, int count) {
    double[] key = new double[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      double wi = w[from + i];
      key[i] = wi > 0 ? Math.log(1.0 - s.uniform(draw + i)) / wi : Double.NEGATIVE_INFINITY;
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]));
    for (int k = 0; k < count; k++) {
      out[at + k] = order[k];
    }
  }
}
