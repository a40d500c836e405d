package dev.kiln.data;

import dev.kiln.data.internal.TensorStack;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a list of samples into one batch (PyTorch's {@code collate_fn}).
 *
 * <p>{@link #defaultCollate()} follows PyTorch's {@code default_collate}, element by element:
 *
 * <ul>
 *   <li>tensors of equal shape stack to {@code [B, ...shape]};
 *   <li>{@code Integer}/{@code Long}/{@code Short}/{@code Byte} become an int64 tensor {@code [B]},
 *       {@code Float} float32, {@code Double} float64, {@code Boolean} bool;
 *   <li>primitive arrays ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code
 *       byte[]} as uint8, {@code boolean[]}) of equal length become {@code [B, length]};
 *   <li>strings stay a {@code List<String>};
 *   <li>a {@code List} (or a record) of fields collates field by field into a {@code List} (or a
 *       {@code Map} from component name, as PyTorch does for dicts); a {@code Map} collates value
 *       by value under the same keys. Nesting is recursive.
 * </ul>
 *
 * <pre>{@code
 * record Sample(Tensor image, int label) {}
 * Map<String, Object> b = (Map<String, Object>) Collate.defaultCollate().collate(List.of(s0, s1));
 * // b.get("image"): [2, C, H, W]; b.get("label"): int64 [2]
 * }</pre>
 *
 * @param <T> the sample type
 * @param <B> the batch type
 */
@FunctionalInterface
public interface Collate<T, B> {
  /** Combines {@code samples} (never empty) into a batch. */
  B collate(List<T> samples);

  /** PyTorch's {@code default_collate} rules (see the type's description). */
  static <T> Collate<T, Object> defaultCollate() {
    return samples -> collateAny(new ArrayList<>(samples), "batch");
  }

  /** Stacks position by position: samples {@code [x_i, y_i]} become {@code [X, Y]}. */
  static Collate<List<Tensor>, List<Tensor>> tensors() {
    return samples -> {
      int width = samples.get(0).size();
      List<Tensor> out = new ArrayList<>(width);
      for (int k = 0; k < width; k++) {
        List<Tensor> column = new ArrayList<>(samples.size());
        for (List<Tensor> s : samples) {
          if (s.size() != width) {
            throw new IllegalArgumentException(
                "collate: samples have " + width + " and " + s.size() + " tensors");
          }
          column.add(s.get(k));
        }
        out.add(TensorStack.stack(column, "collate[" + k + "]"));
      }
      return List.copyOf(out);
    };
  }

  private static Object collateAny(List<?> items, String path) {
    Object first = items.get(0);
    for (int i = 1; i < items.size(); i++) {
      Object item = items.get(i);
      if (item == null || first == null || !sameKind(first, item)) {
        throw new IllegalArgumentException(
            "collate: at "
                + path
                + ", sample "
                + i
                + " is "
                + describe(item)
                + " but sample 0 is "
                + describe(first));
      }
    }
    if (first instanceof Tensor) {
      List<Tensor> ts = new ArrayList<>(items.size());
      items.forEach(x -> ts.add((Tensor) x));
      return TensorStack.stack(ts, "collate at " + path);
    }
    if (first instanceof Number || first instanceof Boolean) {
      return numbers(items);
    }
    if (first instanceof String) {
      List<String> out = new ArrayList<>(items.size());
      items.forEach(x -> out.add((String) x));
      return List.copyOf(out);
    }
    if (first.getClass().isArray()) {
      List<Tensor> ts = new ArrayList<>(items.size());
      items.forEach(x -> ts.add(arrayTensor(x)));
      return TensorStack.stack(ts, "collate at " + path);
    }
    if (first instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int k = 0; k < list.size(); k++) {
        List<Object> column = new ArrayList<>(items.size());
        for (Object item : items) {
          List<?> l = (List<?>) item;
          if (l.size() != list.size()) {
            throw new IllegalArgumentException(
                "collate: at " + path + ", lists of sizes " + list.size() + " and " + l.size());
          }
          column.add(l.get(k));
        }
        out.add(collateAny(column, path + "[" + k + "]"));
      }
      return out;
    }
    if (first instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Object key : map.keySet()) {
        List<Object> column = new ArrayList<>(items.size());
        for (Object item : items) {
          Map<?, ?> m = (Map<?, ?>) item;
          if (!m.containsKey(key)) {
            throw new IllegalArgumentException(
                "collate: at " + path + ", a sample has no key '" + key + "'");
          }
          column.add(m.get(key));
        }
        out.put(key, collateAny(column, path + "." + key));
      }
      return out;
    }
    if (first instanceof Record) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (RecordComponent c : first.getClass().getRecordComponents()) {
        List<Object> column = new ArrayList<>(items.size());
        for (Object item : items) {
          column.add(component(c, item));
        }
        out.put(c.getName(), collateAny(column, path + "." + c.getName()));
      }
      return out;
    }
    throw new IllegalArgumentException(
        "collate: at "
            + path
            + ", cannot collate "
            + describe(first)
            + " (supported: Tensor, numbers, booleans, strings, primitive arrays, List, Map,"
            + " records)");
  }

  private static boolean sameKind(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return a.getClass() == b.getClass();
    }
    if (a instanceof List && b instanceof List || a instanceof Map && b instanceof Map) {
      return true;
    }
    return a.getClass() == b.getClass();
  }

  private static String describe(Object x) {
    return x == null ? "null" : x.getClass().getSimpleName();
  }

  private static Object component(RecordComponent c, Object record) {
    try {
      Method accessor = c.getAccessor();
      accessor.setAccessible(true); // records declared in non-public classes
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "collate: cannot read record component " + c.getName() + ": " + e.getMessage(), e);
    }
  }

  private static Tensor numbers(List<?> items) {
    Object first = items.get(0);
    DType dtype =
        switch (first) {
          case Float f -> DType.FLOAT32;
          case Double d -> DType.FLOAT64;
          case Boolean b -> DType.BOOL;
          default -> DType.INT64;
        };
    Tensor out = Tensor.empty(dtype, items.size());
    for (int i = 0; i < items.size(); i++) {
      Object x = items.get(i);
      switch (x) {
        case Boolean b -> out.storage().setLong(i, b ? 1 : 0, dtype);
        case Float f -> out.storage().setDouble(i, f, dtype);
        case Double d -> out.storage().setDouble(i, d, dtype);
        case Number n -> out.storage().setLong(i, n.longValue(), dtype);
        default -> throw new IllegalStateException("unreachable: " + x);
      }
    }
    return out;
  }

  private static Tensor arrayTensor(Object array) {
    return switch (array) {
      case float[] a -> Tensor.of(a);
      case double[] a -> Tensor.of(a);
      case int[] a -> Tensor.of(a);
      case long[] a -> Tensor.of(a);
      case boolean[] a -> Tensor.of(a);
      case byte[] a -> Tensor.wrap(new Storage.ByteStorage(a.clone()), DType.UINT8, a.length);
      default ->
          throw new IllegalArgumentException(
              "collate: unsupported array type " + array.getClass().getSimpleName());
    };
  }
}
