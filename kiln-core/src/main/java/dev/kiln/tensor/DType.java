package dev.kiln.tensor;

/**
 * Element types of a {@link Tensor}, named as PyTorch names them ({@code torch.float32} is {@code
 * FLOAT32}).
 *
 * <p>FLOAT16 and BFLOAT16 are storage types: ops on them compute in float32 and round the result
 * back, as PyTorch's CPU kernels do.
 */
public enum DType {
  FLOAT32("float32", 4, Kind.FLOAT),
  FLOAT64("float64", 8, Kind.FLOAT),
  FLOAT16("float16", 2, Kind.FLOAT),
  BFLOAT16("bfloat16", 2, Kind.FLOAT),
  INT64("int64", 8, Kind.INT),
  INT32("int32", 4, Kind.INT),
  INT16("int16", 2, Kind.INT),
  INT8("int8", 1, Kind.INT),
  UINT8("uint8", 1, Kind.INT),
  BOOL("bool", 1, Kind.BOOL);

  /** The category that type promotion ranks: bool &lt; integer &lt; floating point. */
  public enum Kind {
    BOOL,
    INT,
    FLOAT
  }

  private final String pyName;
  private final int itemSize;
  private final Kind kind;

  DType(String pyName, int itemSize, Kind kind) {
    this.pyName = pyName;
    this.itemSize = itemSize;
    this.kind = kind;
  }

  /** Size of one element in bytes. */
  public int itemSize() {
    return itemSize;
  }

  /** The promotion category of this type. */
  public Kind kind() {
    return kind;
  }

  /** True for FLOAT32, FLOAT64, FLOAT16 and BFLOAT16. */
  public boolean isFloatingPoint() {
    return kind == Kind.FLOAT;
  }

  /** True for the integer types (not bool). */
  public boolean isIntegral() {
    return kind == Kind.INT;
  }

  /** True for the 16-bit floating types that compute in float32. */
  public boolean isReducedFloat() {
    return this == FLOAT16 || this == BFLOAT16;
  }

  /** PyTorch's name of this type, e.g. {@code "float32"}. */
  public String pyName() {
    return pyName;
  }

  /** The type in which kernels compute for this storage type: float32, float64, int64 or bool. */
  public DType computeType() {
    return switch (this) {
      case FLOAT32, FLOAT16, BFLOAT16 -> FLOAT32;
      case FLOAT64 -> FLOAT64;
      case BOOL -> BOOL;
      default -> INT64;
    };
  }

  @Override
  public String toString() {
    return pyName;
  }
}
