package dev.kiln.tensorboard;

import dev.kiln.tensor.DType;
import dev.kiln.tensorboard.proto.DataType;
import java.util.EnumMap;
import java.util.Map;

/** The one table mapping Kiln dtypes to TensorBoard's {@link DataType} and back. */
final class TensorProtos {
  private static final Map<DType, DataType> TO_PROTO = new EnumMap<>(DType.class);

  static {
    TO_PROTO.put(DType.FLOAT32, DataType.DT_FLOAT);
    TO_PROTO.put(DType.FLOAT64, DataType.DT_DOUBLE);
    TO_PROTO.put(DType.FLOAT16, DataType.DT_HALF);
    TO_PROTO.put(DType.BFLOAT16, DataType.DT_BFLOAT16);
    TO_PROTO.put(DType.INT64, DataType.DT_INT64);
    TO_PROTO.put(DType.INT32, DataType.DT_INT32);
    TO_PROTO.put(DType.INT16, DataType.DT_INT16);
    TO_PROTO.put(DType.INT8, DataType.DT_INT8);
    TO_PROTO.put(DType.UINT8, DataType.DT_UINT8);
    TO_PROTO.put(DType.BOOL, DataType.DT_BOOL);
  }

  private TensorProtos() {}

  /** TensorBoard's data type for {@code dtype}. */
  static DataType dataType(DType dtype) {
    return TO_PROTO.get(dtype);
  }

  /**
   * The Kiln dtype for {@code type}.
   *
   * @throws IllegalArgumentException if Kiln has no such dtype (e.g. DT_STRING)
   */
  static DType dtype(DataType type) {
    for (Map.Entry<DType, DataType> e : TO_PROTO.entrySet()) {
      if (e.getValue() == type) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("no Kiln dtype for TensorBoard data type " + type);
  }
}
