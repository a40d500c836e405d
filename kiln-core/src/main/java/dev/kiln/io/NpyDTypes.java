package dev.kiln.io;

import dev.kiln.tensor.DType;

/** NumPy dtype codes ({@code '<f4'}, {@code '|b1'}) for the dtypes Kiln stores. */
final class NpyDTypes {
  private NpyDTypes() {}

  /** Builds the exception for an unusable descr from a message. */
  @FunctionalInterface
  interface Failure {
    FileFormatException at(String problem);
  }

  /** The little-endian descr NumPy writes for {@code dtype}. */
  static String toCode(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> "<f4";
      case FLOAT64 -> "<f8";
      case FLOAT16 -> "<f2";
      case INT64 -> "<i8";
      case INT32 -> "<i4";
      case INT16 -> "<i2";
      case INT8 -> "|i1";
      case UINT8 -> "|u1";
      case BOOL -> "|b1";
      case BFLOAT16 ->
          throw new IllegalArgumentException(
              "npy: dtype bfloat16 has no NumPy equivalent; save it with SafeTensors (BF16)"
                  + " or convert it first with .to(DType.FLOAT32)");
    };
  }

  /** The dtype of a descr such as {@code '>i4'}; any byte-order character is accepted here. */
  static DType fromCode(String code, Failure failure) throws FileFormatException {
    if (code.length() == 2 && code.charAt(1) == 'O') {
      throw failure.at(
          "descr '" + code + "' is an object array (pickled data), which Kiln refuses to load");
    }
    char order = code.isEmpty() ? '?' : code.charAt(0);
    String kind = "<>|=".indexOf(order) >= 0 ? code.substring(1) : code;
    DType dtype =
        switch (kind) {
          case "f4" -> DType.FLOAT32;
          case "f8" -> DType.FLOAT64;
          case "f2" -> DType.FLOAT16;
          case "i8" -> DType.INT64;
          case "i4" -> DType.INT32;
          case "i2" -> DType.INT16;
          case "i1" -> DType.INT8;
          case "u1" -> DType.UINT8;
          case "b1" -> DType.BOOL;
          default ->
              throw failure.at(
                  "unsupported descr '"
                      + code
                      + "' (Kiln reads f2, f4, f8, i1, i2, i4, i8, u1 and b1 with '<', '>' or '|')"
                      + (kind.equals("V2")
                          ? "; NumPy has no bfloat16, so exchange bfloat16 through safetensors"
                          : ""));
        };
    if ("<>|=".indexOf(order) < 0 || (order == '|' && dtype.itemSize() > 1)) {
      throw failure.at("descr '" + code + "' needs a byte order '<' or '>' for a multi-byte type");
    }
    return dtype;
  }
}
