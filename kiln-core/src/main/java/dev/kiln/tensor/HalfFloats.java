package dev.kiln.tensor;

/** Bit conversions for the 16-bit float storage types and float-to-integer casts. */
public final class HalfFloats {
  private HalfFloats() {}

  /** bfloat16 bits to float: the bf16 bits are the top half of a float32. */
  public static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** float to bfloat16 bits, rounding to nearest even; NaN stays a quiet NaN. */
  public static short floatToBfloat16(float f) {
    if (Float.isNaN(f)) {
      return (short) 0x7FC0;
    }
    int bits = Float.floatToRawIntBits(f);
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /**
   * A floating value cast to an integer type, truncating toward zero as C and PyTorch do. NaN and
   * out-of-range values are undefined in C; here they give {@link Long#MIN_VALUE}, which is what
   * PyTorch produces on x86.
   */
  public static long doubleToLong(double v) {
    if (Double.isNaN(v) || v >= 0x1p63 || v < -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) v;
  }
}
