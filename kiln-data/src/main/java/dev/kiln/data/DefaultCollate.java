package dev.kiln.data;

import dev.kiln.data.internal.TensorStack;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules of {@link Collate#defaultCollate()}, applied recursively along a path for errors. */
final class DefaultCollate {
  /** A record component's name and accessor, looked up once per record class. */
  private record Component(String name, MethodHandle accessor) {
    Object read(Object record) {
      try {
        return accessor.invoke(record);
      } catch (Throwable t) {
        throw new IllegalArgumentException(
            "collate: reading record component " + name + " failed: " + t.getMessage(), t);
      }
    }
  }

  private static final ClassValue<List<Component>> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
          List<Component> out = new ArrayList<>();
          for (RecordComponent c : type.getRecordComponents()) {
            try {
              var accessor = c.getAccessor();
              accessor.setAccessible(true); // records declared inside non-public classes
              out.add(new Component(c.getName(), MethodHandles.lookup().unreflect(accessor)));
            } catch (ReflectiveOperationException | RuntimeException e) {
              throw new IllegalArgumentException(
                  "collate: cannot read record component "
                      + type.getSimpleName()
                      + "."
                      + c.getName(),
                  e);
            }
          }
          return List.copyOf(out);
        }
      };

  private DefaultCollate() {}

  static Object collate(List<?> items, String path) {
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
        out.add(collate(column, path + "[" + k + "]"));
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
        out.put(key, collate(column, path + "." + key));
      }
      return out;
    }
    if (first instanceof Record) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Component c : COMPONENTS.get(first.getClass())) {
        List<Object> column = new ArrayList<>(items.size());
        for (Object item : items) {
          column.add(c.read(item));
        }
        out.put(c.name(), collate(column, path + "." + c.name()));
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
