package dev.kiln.data.pipeline;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of pipeline elements in a file cache: a tag byte, then the value. Tensors are
 * written as dtype, shape and elements (as doubles for floating dtypes, longs otherwise); lists and
 * maps recursively.
 */
final class ElementCodec {
  private static final byte TENSOR = 1;
  private static final byte LONG = 2;
  private static final byte INT = 3;
  private static final byte DOUBLE = 4;
  private static final byte FLOAT = 5;
  private static final byte BOOLEAN = 6;
  private static final byte STRING = 7;
  private static final byte LIST = 8;
  private static final byte MAP = 9;

  private ElementCodec() {}

  static void write(DataOutputStream out, Object x) throws IOException {
    switch (x) {
      case Tensor t -> {
        out.writeByte(TENSOR);
        out.writeUTF(t.dtype().name());
        out.writeInt(t.dim());
        for (int d : t.shape()) {
          out.writeInt(d);
        }
        if (t.dtype().isFloatingPoint()) {
          for (double v : t.toDoubleArray()) {
            out.writeDouble(v);
          }
        } else {
          for (long v : t.toLongArray()) {
            out.writeLong(v);
          }
        }
      }
      case Long v -> {
        out.writeByte(LONG);
        out.writeLong(v);
      }
      case Integer v -> {
        out.writeByte(INT);
        out.writeInt(v);
      }
      case Double v -> {
        out.writeByte(DOUBLE);
        out.writeDouble(v);
      }
      case Float v -> {
        out.writeByte(FLOAT);
        out.writeFloat(v);
      }
      case Boolean v -> {
        out.writeByte(BOOLEAN);
        out.writeBoolean(v);
      }
      case String v -> {
        out.writeByte(STRING);
        out.writeUTF(v);
      }
      case List<?> list -> {
        out.writeByte(LIST);
        out.writeInt(list.size());
        for (Object e : list) {
          write(out, e);
        }
      }
      case Map<?, ?> map -> {
        out.writeByte(MAP);
        out.writeInt(map.size());
        for (var e : map.entrySet()) {
          write(out, e.getKey());
          write(out, e.getValue());
        }
      }
      default ->
          throw new IllegalArgumentException(
              "cache(file): cannot store a "
                  + x.getClass().getSimpleName()
                  + " (tensors, numbers, booleans, strings, lists and maps of them)");
    }
  }

  static Object read(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case TENSOR -> readTensor(in);
      case LONG -> in.readLong();
      case INT -> in.readInt();
      case DOUBLE -> in.readDouble();
      case FLOAT -> in.readFloat();
      case BOOLEAN -> in.readBoolean();
      case STRING -> in.readUTF();
      case LIST -> {
        int n = in.readInt();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(read(in));
        }
        yield list;
      }
      case MAP -> {
        int n = in.readInt();
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          map.put(read(in), read(in));
        }
        yield map;
      }
      default -> throw new IOException("cache: unknown element tag " + tag);
    };
  }

  private static Tensor readTensor(DataInputStream in) throws IOException {
    DType dtype = DType.valueOf(in.readUTF());
    int[] shape = new int[in.readInt()];
    int n = 1;
    for (int d = 0; d < shape.length; d++) {
      shape[d] = in.readInt();
      n *= shape[d];
    }
    Tensor t = Tensor.empty(dtype, shape);
    for (int i = 0; i < n; i++) {
      if (dtype.isFloatingPoint()) {
        t.storage().setDouble(i, in.readDouble(), dtype);
      } else {
        t.storage().setLong(i, in.readLong(), dtype);
      }
    }
    return t;
  }
}
