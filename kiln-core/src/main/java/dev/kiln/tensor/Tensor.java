package dev.kiln.tensor;

import dev.kiln.ops.CreationOps;
import dev.kiln.ops.RandomOps;

/**
 * An n-dimensional array: a strided view over heap {@link Storage}, with a {@link DType} and a
 * {@link Device}, as in PyTorch. Views ({@code view}, {@code transpose}, {@code slice}, ...) share
 * storage; ops return new tensors; methods ending in {@code _} modify this tensor in place.
 *
 * {@snippet :
 * Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
 * Tensor y = x.mul(2).add(1).sum(1);   // tensor([ 13., 31.])
 * }
 *
 * <p>The API is split by layer, one file each: {@link TensorViews} (views and layout), {@link
 * TensorPointwise} (arithmetic, comparison, logic), {@link TensorMath} (math functions and
 * activations), {@link TensorReductions}, {@link TensorShaping} (joining and indexing), {@link
 * TensorSorting}, {@link TensorLinalg} and {@link TensorConvolution} (convolution, pooling,
 * interpolation); this class holds the factories. Users only ever name {@code Tensor}.
 */
public final class Tensor extends TensorConvolution {
  Tensor(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  /**
   * A tensor viewing existing storage with the given layout (advanced: no copy, no bounds check
   * beyond what {@link #asStrided} does).
   *
   * {@snippet :
   * Tensor col = Tensor.wrap(x.storage(), x.dtype(), new int[] {2}, new int[] {3}, 0);
   * }
   */
  public static Tensor wrap(Storage storage, DType dtype, int[] shape, int[] strides, int offset) {
    if (shape.length != strides.length) {
      throw new IllegalArgumentException(
          "Tensor.wrap: shape "
              + Shapes.str(shape)
              + " and strides "
              + Shapes.str(strides)
              + " differ in rank");
    }
    return new Tensor(storage, dtype, shape.clone(), strides.clone(), offset, false);
  }

  /**
   * A contiguous tensor over {@code storage} from its first element.
   *
   * {@snippet :
   * Tensor x = Tensor.wrap(new Storage.FloatStorage(new float[6]), DType.FLOAT32, 2, 3);
   * }
   */
  public static Tensor wrap(Storage storage, DType dtype, int... shape) {
    int n = Shapes.numel(shape);
    if (n > storage.length()) {
      throw new IllegalArgumentException(
          "Tensor.wrap: shape "
              + Shapes.str(shape)
              + " needs "
              + n
              + " elements, storage has "
              + storage.length());
    }
    return new Tensor(storage, dtype, shape.clone(), Shapes.contiguousStrides(shape), 0, false);
  }

  // ---- filled tensors ----

  /**
   * A new tensor of {@code shape} whose elements are undefined, as PyTorch's {@code empty}: a large
   * one may reuse an array Kiln recycled ({@link BufferPool}) and hold old values.
   *
   * {@snippet :
   * Tensor x = Tensor.empty(DType.INT32, 2, 3);
   * }
   */
  public static Tensor empty(DType dtype, int... shape) {
    return CreationOps.empty(dtype, shape);
  }

  /**
   * A new float32 tensor of {@code shape} (see {@link #empty(DType, int...)}).
   *
   * {@snippet :
   * Tensor x = Tensor.empty(2, 3);
   * }
   */
  public static Tensor empty(int... shape) {
    return empty(DType.FLOAT32, shape);
  }

  /**
   * A tensor of zeros.
   *
   * {@snippet :
   * Tensor x = Tensor.zeros(DType.INT64, 3);   // tensor([0, 0, 0])
   * }
   */
  public static Tensor zeros(DType dtype, int... shape) {
    return CreationOps.zeros(dtype, shape);
  }

  /**
   * A float32 tensor of zeros.
   *
   * {@snippet :
   * Tensor x = Tensor.zeros(2, 2);   // tensor([[0., 0.], [0., 0.]])
   * }
   */
  public static Tensor zeros(int... shape) {
    return zeros(DType.FLOAT32, shape);
  }

  /**
   * A tensor of ones.
   *
   * {@snippet :
   * Tensor x = Tensor.ones(DType.BOOL, 2);   // tensor([True, True])
   * }
   */
  public static Tensor ones(DType dtype, int... shape) {
    return CreationOps.ones(dtype, shape);
  }

  /**
   * A float32 tensor of ones.
   *
   * {@snippet :
   * Tensor x = Tensor.ones(3);   // tensor([1., 1., 1.])
   * }
   */
  public static Tensor ones(int... shape) {
    return ones(DType.FLOAT32, shape);
  }

  /**
   * A tensor filled with {@code value} (cast to {@code dtype}).
   *
   * {@snippet :
   * Tensor x = Tensor.full(7, DType.INT32, 2);   // tensor([7, 7], dtype=torch.int32)
   * }
   */
  public static Tensor full(double value, DType dtype, int... shape) {
    return CreationOps.full(value, dtype, shape);
  }

  /**
   * A float32 tensor filled with {@code value}.
   *
   * {@snippet :
   * Tensor x = Tensor.full(0.5, 2);   // tensor([0.5000, 0.5000])
   * }
   */
  public static Tensor full(double value, int... shape) {
    return full(value, DType.FLOAT32, shape);
  }

  /**
   * A new tensor with {@code like}'s shape and dtype (see {@link #empty(DType, int...)}).
   *
   * {@snippet :
   * Tensor y = Tensor.emptyLike(x);
   * }
   */
  public static Tensor emptyLike(Tensor like) {
    return CreationOps.emptyLike(like);
  }

  /**
   * Zeros with {@code like}'s shape and dtype.
   *
   * {@snippet :
   * Tensor y = Tensor.zerosLike(x);
   * }
   */
  public static Tensor zerosLike(Tensor like) {
    return CreationOps.zerosLike(like);
  }

  /**
   * Ones with {@code like}'s shape and dtype.
   *
   * {@snippet :
   * Tensor y = Tensor.onesLike(x);
   * }
   */
  public static Tensor onesLike(Tensor like) {
    return CreationOps.onesLike(like);
  }

  /**
   * {@code value} (cast to {@code like}'s dtype) in {@code like}'s shape.
   *
   * {@snippet :
   * Tensor y = Tensor.fullLike(x, 2.5);
   * }
   */
  public static Tensor fullLike(Tensor like, double value) {
    return CreationOps.fullLike(like, value);
  }

  // ---- ranges ----

  /**
   * The int64 integers {@code 0 .. end-1}.
   *
   * {@snippet :
   * Tensor x = Tensor.arange(4);   // tensor([0, 1, 2, 3])
   * }
   */
  public static Tensor arange(long end) {
    return arange(0, end, 1);
  }

  /**
   * The int64 integers {@code start .. end-1}.
   *
   * {@snippet :
   * Tensor x = Tensor.arange(2, 5);   // tensor([2, 3, 4])
   * }
   */
  public static Tensor arange(long start, long end) {
    return arange(start, end, 1);
  }

  /**
   * int64 values {@code start, start + step, ...} up to (excluding) {@code end}; {@code ceil((end -
   * start) / step)} of them. Fails when {@code step} is 0 or points away from {@code end}.
   *
   * {@snippet :
   * Tensor x = Tensor.arange(10, 0, -3);   // tensor([10, 7, 4, 1])
   * }
   */
  public static Tensor arange(long start, long end, long step) {
    return arange(start, end, step, DType.INT64);
  }

  /**
   * Like {@link #arange(long, long, long)}, with the result in {@code dtype}.
   *
   * {@snippet :
   * Tensor x = Tensor.arange(0, 3, 1, DType.FLOAT64);   // tensor([0., 1., 2.], dtype=torch.float64)
   * }
   */
  public static Tensor arange(long start, long end, long step, DType dtype) {
    return CreationOps.arange(start, end, step, dtype);
  }

  /**
   * float32 values {@code 0, 1, ...} below {@code end}.
   *
   * {@snippet :
   * Tensor x = Tensor.arange(2.5);   // tensor([0., 1., 2.])
   * }
   */
  public static Tensor arange(double end) {
    return arange(0.0, end, 1.0);
  }

  /**
   * float32 values {@code start, start + 1, ...} below {@code end}.
   *
   * {@snippet :
   * Tensor x = Tensor.arange(0.5, 3.0);   // tensor([0.5000, 1.5000, 2.5000])
   * }
   */
  public static Tensor arange(double start, double end) {
    return arange(start, end, 1.0);
  }

  /**
   * float32 values {@code start + i * step} for {@code i < ceil((end - start) / step)}. Fails when
   * {@code step} is 0 or points away from {@code end}.
   *
   * {@snippet :
   * Tensor x = Tensor.arange(0, 1, 0.25);   // tensor([0.0000, 0.2500, 0.5000, 0.7500])
   * }
   */
  public static Tensor arange(double start, double end, double step) {
    return arange(start, end, step, DType.FLOAT32);
  }

  /**
   * Like {@link #arange(double, double, double)}, with the result in {@code dtype}.
   *
   * {@snippet :
   * Tensor x = Tensor.arange(0, 1, 0.5, DType.FLOAT64);
   * }
   */
  public static Tensor arange(double start, double end, double step, DType dtype) {
    return CreationOps.arange(start, end, step, dtype);
  }

  /**
   * {@code steps} float32 values evenly spaced from {@code start} to {@code end}, both included.
   *
   * {@snippet :
   * Tensor x = Tensor.linspace(0, 1, 5);   // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
   * }
   */
  public static Tensor linspace(double start, double end, int steps) {
    return linspace(start, end, steps, DType.FLOAT32);
  }

  /**
   * Like {@link #linspace(double, double, int)}, with the result in {@code dtype}.
   *
   * {@snippet :
   * Tensor x = Tensor.linspace(0, 10, 3, DType.INT64);   // tensor([ 0,  5, 10])
   * }
   */
  public static Tensor linspace(double start, double end, int steps, DType dtype) {
    return CreationOps.linspace(start, end, steps, dtype);
  }

  /**
   * {@code steps} float32 values {@code 10^e}, exponents evenly spaced from {@code start} to {@code
   * end}.
   *
   * {@snippet :
   * Tensor x = Tensor.logspace(0, 2, 3);   // tensor([  1.,  10., 100.])
   * }
   */
  public static Tensor logspace(double start, double end, int steps) {
    return logspace(start, end, steps, 10.0);
  }

  /**
   * {@code steps} float32 values {@code base^e}, exponents evenly spaced from {@code start} to
   * {@code end}.
   *
   * {@snippet :
   * Tensor x = Tensor.logspace(0, 3, 4, 2);   // tensor([1., 2., 4., 8.])
   * }
   */
  public static Tensor logspace(double start, double end, int steps, double base) {
    return logspace(start, end, steps, base, DType.FLOAT32);
  }

  /**
   * Like {@link #logspace(double, double, int, double)}, with the result in {@code dtype}.
   *
   * {@snippet :
   * Tensor x = Tensor.logspace(0, 3, 4, 2, DType.INT64);   // tensor([1, 2, 4, 8])
   * }
   */
  public static Tensor logspace(double start, double end, int steps, double base, DType dtype) {
    return CreationOps.logspace(start, end, steps, base, dtype);
  }

  /**
   * The {@code n x n} float32 identity matrix.
   *
   * {@snippet :
   * Tensor i = Tensor.eye(3);
   * }
   */
  public static Tensor eye(int n) {
    return eye(n, n, DType.FLOAT32);
  }

  /**
   * An {@code n x m} float32 matrix with ones on the main diagonal.
   *
   * {@snippet :
   * Tensor i = Tensor.eye(2, 3);   // tensor([[1., 0., 0.], [0., 1., 0.]])
   * }
   */
  public static Tensor eye(int n, int m) {
    return eye(n, m, DType.FLOAT32);
  }

  /**
   * An {@code n x m} matrix of {@code dtype} with ones on the main diagonal.
   *
   * {@snippet :
   * Tensor i = Tensor.eye(2, 2, DType.BOOL);
   * }
   */
  public static Tensor eye(int n, int m, DType dtype) {
    return CreationOps.eye(n, m, dtype);
  }

  /**
   * A 0-dim tensor holding {@code value}.
   *
   * {@snippet :
   * Tensor s = Tensor.scalar(2, DType.INT64);   // tensor(2)
   * }
   */
  public static Tensor scalar(double value, DType dtype) {
    return full(value, dtype);
  }

  /**
   * A 0-dim float32 tensor.
   *
   * {@snippet :
   * Tensor s = Tensor.scalar(0.5);   // tensor(0.5000)
   * }
   */
  public static Tensor scalar(double value) {
    return scalar(value, DType.FLOAT32);
  }

  /**
   * A Java number as an op operand ({@code x.add(2)}): a 0-dim float64 tensor (int64 when the value
   * is integral and from an integer overload) that ranks lowest in type promotion.
   */
  public static Tensor wrapNumber(double value) {
    Storage s = Storage.allocate(DType.FLOAT64, 1);
    s.setDouble(0, value, DType.FLOAT64);
    return new Tensor(s, DType.FLOAT64, new int[0], new int[0], 0, true);
  }

  /**
   * An integer Java number as an op operand (int64, lowest in type promotion).
   *
   * {@snippet :
   * Tensor y = x.mul(Tensor.wrapNumber(2L));   // keeps x's dtype
   * }
   */
  public static Tensor wrapNumber(long value) {
    Storage s = Storage.allocate(DType.INT64, 1);
    s.setLong(0, value, DType.INT64);
    return new Tensor(s, DType.INT64, new int[0], new int[0], 0, true);
  }

  /**
   * A Java boolean as an op operand (bool, lowest in type promotion).
   *
   * {@snippet :
   * Tensor t = Tensor.wrapNumber(true);
   * }
   */
  public static Tensor wrapNumber(boolean value) {
    Storage s = Storage.allocate(DType.BOOL, 1);
    s.setLong(0, value ? 1 : 0, DType.BOOL);
    return new Tensor(s, DType.BOOL, new int[0], new int[0], 0, true);
  }

  /**
   * A 1-D float32 tensor with these values (copied).
   *
   * {@snippet :
   * Tensor x = Tensor.of(1f, 2f, 3f);   // tensor([1., 2., 3.])
   * }
   */
  public static Tensor of(float... values) {
    return wrap(new Storage.FloatStorage(values.clone()), DType.FLOAT32, values.length);
  }

  /**
   * A 1-D float64 tensor with these values (copied).
   *
   * {@snippet :
   * Tensor x = Tensor.of(0.5, 1.5);   // tensor([0.5000, 1.5000], dtype=torch.float64)
   * }
   */
  public static Tensor of(double... values) {
    return wrap(new Storage.DoubleStorage(values.clone()), DType.FLOAT64, values.length);
  }

  /**
   * A 1-D int64 tensor with these values (copied).
   *
   * {@snippet :
   * Tensor x = Tensor.of(1L, 2L);   // tensor([1, 2])
   * }
   */
  public static Tensor of(long... values) {
    return wrap(new Storage.LongStorage(values.clone()), DType.INT64, values.length);
  }

  /**
   * A 1-D int32 tensor with these values (copied).
   *
   * {@snippet :
   * Tensor x = Tensor.of(new int[] {1, 2});   // tensor([1, 2], dtype=torch.int32)
   * }
   */
  public static Tensor of(int... values) {
    return wrap(new Storage.IntStorage(values.clone()), DType.INT32, values.length);
  }

  /**
   * A 1-D bool tensor with these values.
   *
   * {@snippet :
   * Tensor m = Tensor.of(true, false);   // tensor([ True, False])
   * }
   */
  public static Tensor of(boolean... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (values[i] ? 1 : 0);
    }
    return wrap(new Storage.ByteStorage(b), DType.BOOL, values.length);
  }

  /**
   * A tensor from a (possibly nested) Java array of any rank, or a boxed number for a 0-dim tensor:
   * {@code float[][]} gives a 2-D float32 tensor, {@code long[][][]} a 3-D int64 one. Element types
   * map float→float32, double→float64, long→int64, int→int32, short→int16, byte→int8, boolean→bool
   * (boxed element types too). Fails on ragged arrays, naming the depth and lengths. An empty outer
   * array has no inner lengths, so {@code new float[0][3]} gives shape {@code [0, 0]}.
   *
   * {@snippet :
   * Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}});   // shape [2, 2], float64
   * Tensor s = Tensor.of(3.5f);                              // 0-dim float32
   * }
   */
  public static Tensor of(Object nestedArray) {
    return ArrayConversion.fromNested(nestedArray);
  }

  /**
   * Like {@link #of(Object)}, then converted to {@code dtype}.
   *
   * {@snippet :
   * Tensor m = Tensor.of(new int[][] {{1, 2}}, DType.FLOAT32);   // tensor([[1., 2.]])
   * }
   */
  public static Tensor of(Object nestedArray, DType dtype) {
    return ArrayConversion.fromNested(nestedArray).to(dtype);
  }

  // ---- random (each op also takes an explicit Generator; the default one otherwise) ----

  private static Generator defaultGen() {
    return Generator.defaultGenerator();
  }

  /**
   * float32 values uniform in {@code [0, 1)}.
   *
   * {@snippet :
   * Tensor x = Tensor.rand(2, 3);
   * }
   */
  public static Tensor rand(int... shape) {
    return rand(defaultGen(), DType.FLOAT32, shape);
  }

  /**
   * Values of a floating {@code dtype} uniform in {@code [0, 1)}.
   *
   * {@snippet :
   * Tensor x = Tensor.rand(DType.FLOAT64, 4);
   * }
   */
  public static Tensor rand(DType dtype, int... shape) {
    return rand(defaultGen(), dtype, shape);
  }

  /**
   * float32 values uniform in {@code [0, 1)} from generator {@code g}.
   *
   * {@snippet :
   * Tensor x = Tensor.rand(new Generator(0), 3);
   * }
   */
  public static Tensor rand(Generator g, int... shape) {
    return rand(g, DType.FLOAT32, shape);
  }

  /**
   * Values of a floating {@code dtype} uniform in {@code [0, 1)} from generator {@code g}.
   *
   * {@snippet :
   * Tensor x = Tensor.rand(new Generator(0), DType.FLOAT16, 3);
   * }
   */
  public static Tensor rand(Generator g, DType dtype, int... shape) {
    return RandomOps.uniform(0, 1, dtype, shape, g);
  }

  /**
   * float32 standard normal values.
   *
   * {@snippet :
   * Tensor x = Tensor.randn(2, 3);
   * }
   */
  public static Tensor randn(int... shape) {
    return randn(defaultGen(), DType.FLOAT32, shape);
  }

  /**
   * Standard normal values of a floating {@code dtype}.
   *
   * {@snippet :
   * Tensor x = Tensor.randn(DType.FLOAT64, 4);
   * }
   */
  public static Tensor randn(DType dtype, int... shape) {
    return randn(defaultGen(), dtype, shape);
  }

  /**
   * float32 standard normal values from generator {@code g}.
   *
   * {@snippet :
   * Tensor x = Tensor.randn(new Generator(0), 3);
   * }
   */
  public static Tensor randn(Generator g, int... shape) {
    return randn(g, DType.FLOAT32, shape);
  }

  /**
   * Standard normal values of a floating {@code dtype} from generator {@code g}.
   *
   * {@snippet :
   * Tensor x = Tensor.randn(new Generator(0), DType.FLOAT64, 3);
   * }
   */
  public static Tensor randn(Generator g, DType dtype, int... shape) {
    return RandomOps.normal(0, 1, dtype, shape, g);
  }

  /**
   * Uniform {@code [0, 1)} values with {@code like}'s shape and (floating) dtype.
   *
   * {@snippet :
   * Tensor y = Tensor.randLike(x);
   * }
   */
  public static Tensor randLike(Tensor like) {
    return randLike(defaultGen(), like);
  }

  /**
   * Uniform {@code [0, 1)} values with {@code like}'s shape and dtype, from generator {@code g}.
   *
   * {@snippet :
   * Tensor y = Tensor.randLike(new Generator(0), x);
   * }
   */
  public static Tensor randLike(Generator g, Tensor like) {
    return rand(g, like.dtype(), like.shape());
  }

  /**
   * Standard normal values with {@code like}'s shape and (floating) dtype.
   *
   * {@snippet :
   * Tensor y = Tensor.randnLike(x);
   * }
   */
  public static Tensor randnLike(Tensor like) {
    return randnLike(defaultGen(), like);
  }

  /**
   * Standard normal values with {@code like}'s shape and dtype, from generator {@code g}.
   *
   * {@snippet :
   * Tensor y = Tensor.randnLike(new Generator(0), x);
   * }
   */
  public static Tensor randnLike(Generator g, Tensor like) {
    return randn(g, like.dtype(), like.shape());
  }

  /**
   * int64 integers uniform in {@code [0, high)}.
   *
   * {@snippet :
   * Tensor x = Tensor.randint(10, new int[] {2, 3});
   * }
   */
  public static Tensor randint(long high, int[] shape) {
    return randint(0, high, shape);
  }

  /**
   * int64 integers uniform in {@code [low, high)}; fails unless {@code low < high}.
   *
   * {@snippet :
   * Tensor dice = Tensor.randint(1, 7, new int[] {10});
   * }
   */
  public static Tensor randint(long low, long high, int[] shape) {
    return randint(defaultGen(), low, high, shape, DType.INT64);
  }

  /**
   * Integers uniform in {@code [low, high)}, as {@code dtype}, from generator {@code g}.
   *
   * {@snippet :
   * Tensor x = Tensor.randint(new Generator(0), 0, 256, new int[] {4}, DType.UINT8);
   * }
   */
  public static Tensor randint(Generator g, long low, long high, int[] shape, DType dtype) {
    return RandomOps.randint(low, high, dtype, shape, g);
  }

  /**
   * A random int64 permutation of {@code 0 .. n-1}.
   *
   * {@snippet :
   * Tensor p = Tensor.randperm(5);   // e.g. tensor([3, 0, 4, 1, 2])
   * }
   */
  public static Tensor randperm(int n) {
    return randperm(defaultGen(), n, DType.INT64);
  }

  /**
   * A random permutation of {@code 0 .. n-1} as {@code dtype}, from generator {@code g}.
   *
   * {@snippet :
   * Tensor p = Tensor.randperm(new Generator(0), 5, DType.INT32);
   * }
   */
  public static Tensor randperm(Generator g, int n, DType dtype) {
    return RandomOps.randperm(n, dtype, g);
  }

  /**
   * 0/1 values, 1 with probability {@code p[i]} (each in {@code [0, 1]}); same shape and dtype as
   * the floating tensor {@code p}.
   *
   * {@snippet :
   * Tensor coin = Tensor.bernoulli(Tensor.full(0.5, 10));
   * }
   */
  public static Tensor bernoulli(Tensor p) {
    return bernoulli(defaultGen(), p);
  }

  /**
   * Like {@link #bernoulli(Tensor)}, from generator {@code g}.
   *
   * {@snippet :
   * Tensor coin = Tensor.bernoulli(new Generator(0), Tensor.full(0.5, 10));
   * }
   */
  public static Tensor bernoulli(Generator g, Tensor p) {
    return RandomOps.bernoulli(p, g);
  }

  /**
   * float32 normal values with the given mean and standard deviation ({@code std >= 0}).
   *
   * {@snippet :
   * Tensor x = Tensor.normal(10, 2, 100);
   * }
   */
  public static Tensor normal(double mean, double std, int... shape) {
    return normal(defaultGen(), mean, std, DType.FLOAT32, shape);
  }

  /**
   * Normal values of a floating {@code dtype} from generator {@code g}.
   *
   * {@snippet :
   * Tensor x = Tensor.normal(new Generator(0), 0, 1, DType.FLOAT64, 100);
   * }
   */
  public static Tensor normal(Generator g, double mean, double std, DType dtype, int... shape) {
    return RandomOps.normal(mean, std, dtype, shape, g);
  }

  /**
   * Normal values with elementwise {@code mean} and {@code std} (broadcast together; every std
   * {@code >= 0}).
   *
   * {@snippet :
   * Tensor x = Tensor.normal(Tensor.arange(0.0, 3.0), Tensor.ones(3));
   * }
   */
  public static Tensor normal(Tensor mean, Tensor std) {
    return normal(defaultGen(), mean, std);
  }

  /**
   * Like {@link #normal(Tensor, Tensor)}, from generator {@code g}.
   *
   * {@snippet :
   * Tensor x = Tensor.normal(new Generator(0), Tensor.zeros(3), Tensor.ones(3));
   * }
   */
  public static Tensor normal(Generator g, Tensor mean, Tensor std) {
    return RandomOps.normal(mean, std, g);
  }

  /**
   * float32 values uniform in {@code [lo, hi)}.
   *
   * {@snippet :
   * Tensor x = Tensor.uniform(-1, 1, 2, 3);
   * }
   */
  public static Tensor uniform(double lo, double hi, int... shape) {
    return uniform(defaultGen(), lo, hi, DType.FLOAT32, shape);
  }

  /**
   * Values of a floating {@code dtype} uniform in {@code [lo, hi)}, from generator {@code g}.
   *
   * {@snippet :
   * Tensor x = Tensor.uniform(new Generator(0), -1, 1, DType.FLOAT64, 5);
   * }
   */
  public static Tensor uniform(Generator g, double lo, double hi, DType dtype, int... shape) {
    return RandomOps.uniform(lo, hi, dtype, shape, g);
  }

  /**
   * {@code numSamples} category indices (int64) drawn from each row of non-negative weights {@code
   * probs} (1-D {@code [C]} or 2-D {@code [R, C]}; rows need not sum to 1). Without replacement
   * each category is drawn at most once per row.
   *
   * {@snippet :
   * Tensor idx = Tensor.multinomial(Tensor.of(0.1f, 0.2f, 0.7f), 5, true);
   * }
   */
  public static Tensor multinomial(Tensor probs, int numSamples, boolean replacement) {
    return multinomial(defaultGen(), probs, numSamples, replacement);
  }

  /**
   * Like {@link #multinomial(Tensor, int, boolean)}, from generator {@code g}.
   *
   * {@snippet :
   * Tensor idx = Tensor.multinomial(new Generator(0), Tensor.of(1f, 1f, 2f), 2, false);
   * }
   */
  public static Tensor multinomial(Generator g, Tensor probs, int numSamples, boolean replacement) {
    return RandomOps.multinomial(probs, numSamples, replacement, g);
  }

  /**
   * Fills this floating tensor with values uniform in {@code [lo, hi)}, in place; returns this.
   *
   * {@snippet :
   * Tensor w = Tensor.empty(3, 3).uniform_(-0.1, 0.1);
   * }
   */
  public Tensor uniform_(double lo, double hi) {
    return uniform_(defaultGen(), lo, hi);
  }

  /**
   * Like {@link #uniform_(double, double)}, from generator {@code g}.
   *
   * {@snippet :
   * Tensor w = Tensor.empty(3).uniform_(new Generator(0), 0, 1);
   * }
   */
  public Tensor uniform_(Generator g, double lo, double hi) {
    return RandomOps.uniform_(this, lo, hi, g);
  }

  /**
   * Fills this floating tensor with normal values, in place; returns this.
   *
   * {@snippet :
   * Tensor w = Tensor.empty(3, 3).normal_(0, 0.02);
   * }
   */
  public Tensor normal_(double mean, double std) {
    return normal_(defaultGen(), mean, std);
  }

  /**
   * Like {@link #normal_(double, double)}, from generator {@code g}.
   *
   * {@snippet :
   * Tensor w = Tensor.empty(3).normal_(new Generator(0), 0, 1);
   * }
   */
  public Tensor normal_(Generator g, double mean, double std) {
    return RandomOps.normal_(this, mean, std, g);
  }

  /**
   * Sets each element to 1 with probability {@code p}, else 0, in place; returns this.
   *
   * {@snippet :
   * Tensor mask = Tensor.empty(DType.BOOL, 8).bernoulli_(0.5);
   * }
   */
  public Tensor bernoulli_(double p) {
    return bernoulli_(defaultGen(), p);
  }

  /**
   * Like {@link #bernoulli_(double)}, from generator {@code g}.
   *
   * {@snippet :
   * Tensor mask = Tensor.empty(8).bernoulli_(new Generator(0), 0.5);
   * }
   */
  public Tensor bernoulli_(Generator g, double p) {
    return RandomOps.bernoulli_(this, p, g);
  }
}
