package dev.kiln.tensor;

/**
 * The flat heap array behind one or more tensors. The garbage collector owns its lifetime; a tensor
 * is a strided view (shape, strides, offset, dtype) over it.
 *
 * <p>One Java array type serves several dtypes: {@code byte[]} holds int8, uint8 and bool; {@code
 * short[]} holds int16, float16 and bfloat16. The element accessors therefore take the dtype that
 * says how to read the bits.
 */
public sealed interface Storage {
  /** Number of elements (not bytes). */
  int length();

  /** The backing array ({@code float[]}, {@code double[]}, ...), shared, not copied. */
  Object array();

  /** Reads element {@code i} as a double, interpreting the bits as {@code dtype}. */
  double getDouble(int i, DType dtype);

  /** Writes {@code v} to element {@code i}, converting as a cast to {@code dtype} would. */
  void setDouble(int i, double v, DType dtype);

  /** Reads element {@code i} as a long (floating values truncate toward zero). */
  long getLong(int i, DType dtype);

  /**
   * Writes {@code v} to element {@code i} as a C++ cast from int64 to {@code dtype} would: integer
   * types wrap around, floating types round once to nearest even.
   */
  void setLong(int i, long v, DType dtype);

  /** Allocates zero-filled storage for {@code n} elements of {@code dtype}. */
  static Storage allocate(DType dtype, int n) {
    return n < BufferPool.MIN_ELEMENTS
        ? of(newArray(dtype, n))
        : of(BufferPool.takeZeroed(componentType(dtype), n));
  }

  /**
   * Allocates storage for {@code n} elements of {@code dtype} whose contents are undefined (as
   * PyTorch's {@code empty}): large arrays may come from the {@link BufferPool} with old values.
   */
  static Storage allocateUninitialized(DType dtype, int n) {
    return n < BufferPool.MIN_ELEMENTS && !BufferPool.POISON
        ? of(newArray(dtype, n))
        : of(BufferPool.take(componentType(dtype), n));
  }

  /**
   * Wraps a {@code float[]}, {@code double[]}, {@code long[]}, {@code int[]}, {@code short[]} or
   * {@code byte[]}.
   */
  static Storage of(Object array) {
    return switch (array) {
      case float[] f -> new FloatStorage(f);
      case double[] d -> new DoubleStorage(d);
      case long[] l -> new LongStorage(l);
      case int[] i -> new IntStorage(i);
      case short[] s -> new ShortStorage(s);
      case byte[] b -> new ByteStorage(b);
      default -> throw new IllegalArgumentException("Storage: not a storage array: " + array);
    };
  }

  private static Object newArray(DType dtype, int n) {
    return switch (dtype) {
      case FLOAT32 -> new float[n];
      case FLOAT64 -> new double[n];
      case INT64 -> new long[n];
      case INT32 -> new int[n];
      case INT16, FLOAT16, BFLOAT16 -> new short[n];
      case INT8, UINT8, BOOL -> new byte[n];
    };
  }

  private static Class<?> componentType(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> float.class;
      case FLOAT64 -> double.class;
      case INT64 -> long.class;
      case INT32 -> int.class;
      case INT16, FLOAT16, BFLOAT16 -> short.class;
      case INT8, UINT8, BOOL -> byte.class;
    };
  }

  /** float32 elements. */
  record FloatStorage(float[] data) implements Storage {
    public int length() {
      return data.length;
    }

    public Object array() {
      return data;
    }

    public double getDouble(int i, DType t) {
      return data[i];
    }

    public void setDouble(int i, double v, DType t) {
      data[i] = (float) v;
    }

    public long getLong(int i, DType t) {
      return (long) data[i];
    }

    public void setLong(int i, long v, DType t) {
      data[i] = v;
    }
  }

  /** float64 elements. */
  record DoubleStorage(double[] data) implements Storage {
    public int length() {
      return data.length;
    }

    public Object array() {
      return data;
    }

    public double getDouble(int i, DType t) {
      return data[i];
    }

    public void setDouble(int i, double v, DType t) {
      data[i] = v;
    }

    public long getLong(int i, DType t) {
      return (long) data[i];
    }

    public void setLong(int i, long v, DType t) {
      data[i] = v;
    }
  }

  /** int64 elements. */
  record LongStorage(long[] data) implements Storage {
    public int length() {
      return data.length;
    }

    public Object array() {
      return data;
    }

    public double getDouble(int i, DType t) {
      return data[i];
    }

    public void setDouble(int i, double v, DType t) {
      data[i] = HalfFloats.doubleToLong(v);
    }

    public long getLong(int i, DType t) {
      return data[i];
    }

    public void setLong(int i, long v, DType t) {
      data[i] = v;
    }
  }

  /** int32 elements. */
  record IntStorage(int[] data) implements Storage {
    public int length() {
      return data.length;
    }

    public Object array() {
      return data;
    }

    public double getDouble(int i, DType t) {
      return data[i];
    }

    public void setDouble(int i, double v, DType t) {
      data[i] = (int) HalfFloats.doubleToLong(v);
    }

    public long getLong(int i, DType t) {
      return data[i];
    }

    public void setLong(int i, long v, DType t) {
      data[i] = (int) v;
    }
  }

  /** int16, float16 or bfloat16 elements, by dtype. */
  record ShortStorage(short[] data) implements Storage {
    public int length() {
      return data.length;
    }

    public Object array() {
      return data;
    }

    public double getDouble(int i, DType t) {
      return switch (t) {
        case FLOAT16 -> Float.float16ToFloat(data[i]);
        case BFLOAT16 -> HalfFloats.bfloat16ToFloat(data[i]);
        default -> data[i];
      };
    }

    public void setDouble(int i, double v, DType t) {
      data[i] =
          switch (t) {
            case FLOAT16 -> Float.floatToFloat16((float) v);
            case BFLOAT16 -> HalfFloats.floatToBfloat16((float) v);
            default -> (short) HalfFloats.doubleToLong(v);
          };
    }

    public long getLong(int i, DType t) {
      return t == DType.INT16 ? data[i] : (long) getDouble(i, t);
    }

    public void setLong(int i, long v, DType t) {
      data[i] =
          switch (t) {
            case FLOAT16 -> Float.floatToFloat16((float) v);
            case BFLOAT16 -> HalfFloats.floatToBfloat16((float) v);
            default -> (short) v;
          };
    }
  }

  /** int8, uint8 or bool elements, by dtype. */
  record ByteStorage(byte[] data) implements Storage {
    public int length() {
      return data.length;
    }

    public Object array() {
      return data;
    }

    public double getDouble(int i, DType t) {
      return getLong(i, t);
    }

    public void setDouble(int i, double v, DType t) {
      if (t == DType.BOOL) {
        data[i] = (byte) (v != 0 ? 1 : 0);
      } else {
        data[i] = (byte) HalfFloats.doubleToLong(v);
      }
    }

    public long getLong(int i, DType t) {
      return t == DType.UINT8 ? data[i] & 0xFF : data[i];
    }

    public void setLong(int i, long v, DType t) {
      data[i] = t == DType.BOOL ? (byte) (v != 0 ? 1 : 0) : (byte) v;
    }
  }
}
