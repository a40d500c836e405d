package dev.kiln.tensor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversion between nested Java arrays (or boxed numbers) and tensors, in both directions. Java
 * keeps no length for the inner arrays of an empty outer array, so {@code new float[0][3]} becomes
 * shape {@code [0, 0]}.
 */
final class ArrayConversion {
  private ArrayConversion() {}

  static Tensor fromNested(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("Tensor.of: null array");
    }
    if (value instanceof Number || value instanceof Boolean) {
      return scalarOf(value);
    }
    List<Integer> dims = new ArrayList<>();
    Object probe = value;
    while (probe != null && probe.getClass().isArray()) {
      int len = Array.getLength(probe);
      dims.add(len);
      if (!probe.getClass().getComponentType().isArray()) {
        break;
      }
      probe = len > 0 ? Array.get(probe, 0) : null;
    }
    Class<?> leaf = value.getClass();
    while (leaf.isArray()) {
      leaf = leaf.getComponentType();
    }
    DType dtype = dtypeOf(leaf);
    int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
    int rank = value.getClass().getName().lastIndexOf('[') + 1;
    if (shape.length < rank) {
      shape = java.util.Arrays.copyOf(shape, rank);
    }
    Tensor t = Tensor.empty(dtype, shape);
    int[] pos = {0};
    fill(value, 0, shape, t.storage, dtype, pos);
    return t;
  }

  private static void fill(Object arr, int depth, int[] shape, Storage s, DType dt, int[] pos) {
    int len = Array.getLength(arr);
    if (len != shape[depth]) {
      throw new IllegalArgumentException(
          "Tensor.of: ragged nested array: expected length "
              + shape[depth]
              + " at depth "
              + depth
              + ", got "
              + len);
    }
    if (depth == shape.length - 1) {
      for (int i = 0; i < len; i++) {
        Object v = Array.get(arr, i);
        if (v == null) {
          throw new IllegalArgumentException(
              "Tensor.of: null element at index " + i + " of depth " + depth);
        }
        if (v instanceof Boolean b) {
          s.setLong(pos[0]++, b ? 1 : 0, dt);
        } else if (dt.isFloatingPoint()) {
          s.setDouble(pos[0]++, ((Number) v).doubleValue(), dt);
        } else {
          s.setLong(pos[0]++, ((Number) v).longValue(), dt);
        }
      }
      return;
    }
    for (int i = 0; i < len; i++) {
      Object sub = Array.get(arr, i);
      if (sub == null) {
        throw new IllegalArgumentException("Tensor.of: null sub-array at depth " + (depth + 1));
      }
      fill(sub, depth + 1, shape, s, dt, pos);
    }
  }

  private static Tensor scalarOf(Object v) {
    DType dt = dtypeOf(v.getClass());
    Tensor t = Tensor.empty(dt);
    if (v instanceof Boolean b) {
      t.storage.setLong(0, b ? 1 : 0, dt);
    } else if (dt.isFloatingPoint()) {
      t.storage.setDouble(0, ((Number) v).doubleValue(), dt);
    } else {
      t.storage.setLong(0, ((Number) v).longValue(), dt);
    }
    return t;
  }

  private static DType dtypeOf(Class<?> c) {
    if (c == float.class || c == Float.class) {
      return DType.FLOAT32;
    } else if (c == double.class || c == Double.class) {
      return DType.FLOAT64;
    } else if (c == long.class || c == Long.class) {
      return DType.INT64;
    } else if (c == int.class || c == Integer.class) {
      return DType.INT32;
    } else if (c == short.class || c == Short.class) {
      return DType.INT16;
    } else if (c == byte.class || c == Byte.class) {
      return DType.INT8;
    } else if (c == boolean.class || c == Boolean.class) {
      return DType.BOOL;
    }
    throw new IllegalArgumentException(
        "Tensor.of: unsupported element type "
            + c.getName()
            + " (expected float, double, long, int, short, byte or boolean)");
  }

  static Object toNested(Tensor t) {
    Class<?> leaf = javaType(t.dtype());
    if (t.dim() == 0) {
      return boxed(t, t.storageOffset(), leaf);
    }
    return build(t, 0, t.storageOffset(), leaf);
  }

  private static Object build(Tensor t, int depth, int pos, Class<?> leaf) {
    int n = t.shape[depth];
    int[] dims = new int[t.dim() - depth];
    System.arraycopy(t.shape, depth, dims, 0, dims.length);
    Object arr = Array.newInstance(leaf, dims);
    for (int i = 0; i < n; i++) {
      int p = pos + i * t.strides[depth];
      if (depth == t.dim() - 1) {
        Array.set(arr, i, boxed(t, p, leaf));
      } else {
        Array.set(arr, i, build(t, depth + 1, p, leaf));
      }
    }
    return arr;
  }

  private static Object boxed(Tensor t, int pos, Class<?> leaf) {
    Storage s = t.storage;
    DType d = t.dtype;
    if (leaf == float.class) {
      return (float) s.getDouble(pos, d);
    } else if (leaf == double.class) {
      return s.getDouble(pos, d);
    } else if (leaf == long.class) {
      return s.getLong(pos, d);
    } else if (leaf == int.class) {
      return (int) s.getLong(pos, d);
    } else if (leaf == short.class) {
      return (short) s.getLong(pos, d);
    } else if (leaf == byte.class) {
      return (byte) s.getLong(pos, d);
    }
    return s.getLong(pos, d) != 0;
  }

  private static Class<?> javaType(DType d) {
    return switch (d) {
      case FLOAT32, FLOAT16, BFLOAT16 -> float.class;
      case FLOAT64 -> double.class;
      case INT64 -> long.class;
      case INT32 -> int.class;
      case INT16 -> short.class;
      case UINT8 -> int.class; // 0..255 does not fit a Java byte
      case INT8 -> byte.class;
      case BOOL -> boolean.class;
    };
  }
}
