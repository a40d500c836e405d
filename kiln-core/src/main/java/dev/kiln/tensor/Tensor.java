package dev.kiln.tensor;

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
 * <p>The API is split by layer over {@link TensorViews}, {@link TensorPointwise} and {@link
 * TensorReductions}; users only ever name {@code Tensor}.
 */
public final class Tensor extends TensorShaping {
  Tensor(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  /**
   * A tensor viewing existing storage with the given layout (advanced: no copy, no bounds check
   * beyond what {@link #asStrided} does).
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

  /** A contiguous tensor over {@code storage} from its first element. */
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

  /** An uninitialised (in fact zero-filled, as Java arrays are) tensor. */
  public static Tensor empty(DType dtype, int... shape) {
    return wrap(Storage.allocate(dtype, Shapes.numel(shape)), dtype, shape);
  }

  /** An uninitialised float32 tensor. */
  public static Tensor empty(int... shape) {
    return empty(DType.FLOAT32, shape);
  }

  /** A tensor of zeros. */
  public static Tensor zeros(DType dtype, int... shape) {
    return empty(dtype, shape);
  }

  /** A float32 tensor of zeros. */
  public static Tensor zeros(int... shape) {
    return zeros(DType.FLOAT32, shape);
  }

  /** A tensor of ones. */
  public static Tensor ones(DType dtype, int... shape) {
    return full(1, dtype, shape);
  }

  /** A float32 tensor of ones. */
  public static Tensor ones(int... shape) {
    return ones(DType.FLOAT32, shape);
  }

  /** A tensor filled with {@code value}. */
  public static Tensor full(double value, DType dtype, int... shape) {
    return empty(dtype, shape).fill_(value);
  }

  /** A float32 tensor filled with {@code value}. */
  public static Tensor full(double value, int... shape) {
    return full(value, DType.FLOAT32, shape);
  }

  /** A 0-dim tensor holding {@code value}. */
  public static Tensor scalar(double value, DType dtype) {
    return full(value, dtype);
  }

  /** A 0-dim float32 tensor. */
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

  /** An integer Java number as an op operand (int64, lowest in type promotion). */
  public static Tensor wrapNumber(long value) {
    Storage s = Storage.allocate(DType.INT64, 1);
    s.setLong(0, value, DType.INT64);
    return new Tensor(s, DType.INT64, new int[0], new int[0], 0, true);
  }

  /** A Java boolean as an op operand (bool, lowest in type promotion). */
  public static Tensor wrapNumber(boolean value) {
    Storage s = Storage.allocate(DType.BOOL, 1);
    s.setLong(0, value ? 1 : 0, DType.BOOL);
    return new Tensor(s, DType.BOOL, new int[0], new int[0], 0, true);
  }

  /** A 1-D float32 tensor with these values (copied). */
  public static Tensor of(float... values) {
    return wrap(new Storage.FloatStorage(values.clone()), DType.FLOAT32, values.length);
  }

  /** A 1-D float64 tensor with these values (copied). */
  public static Tensor of(double... values) {
    return wrap(new Storage.DoubleStorage(values.clone()), DType.FLOAT64, values.length);
  }

  /** A 1-D int64 tensor with these values (copied). */
  public static Tensor of(long... values) {
    return wrap(new Storage.LongStorage(values.clone()), DType.INT64, values.length);
  }

  /** A 1-D int32 tensor with these values (copied). */
  public static Tensor of(int... values) {
    return wrap(new Storage.IntStorage(values.clone()), DType.INT32, values.length);
  }

  /** A 1-D bool tensor with these values. */
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
   * map float→float32, double→float64, long→int64, int→int32, short→int16, byte→int8, boolean→bool.
   * Fails on ragged arrays, naming the depth and lengths.
   */
  public static Tensor of(Object nestedArray) {
    return ArrayConversion.fromNested(nestedArray);
  }

  /** Like {@link #of(Object)}, then converted to {@code dtype}. */
  public static Tensor of(Object nestedArray, DType dtype) {
    return ArrayConversion.fromNested(nestedArray).to(dtype);
  }
}
