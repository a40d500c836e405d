package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * bfloat16 conversions: every bit pattern round-trips, and rounding is to nearest, ties to even
 * (checked against the two neighbouring bfloat16 values computed independently).
 */
class HalfFloatsTest {
  @Test
  void everyBfloat16RoundTripsThroughFloat() {
    for (int bits = 0; bits < 1 << 16; bits++) {
      float f = HalfFloats.bfloat16ToFloat((short) bits);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16(f))));
      } else {
        assertEquals((short) bits, HalfFloats.floatToBfloat16(f), "bits " + bits);
      }
    }
  }

  /** Below the largest bfloat16 (overflow is checked separately), rounding is to nearest even. */
  @Property(tries = 2000)
  void roundsToNearestEven(@ForAll int floatBits) {
    float f = Float.intBitsToFloat(floatBits);
    if (!(Math.abs(f) < 3.38e38f)) {
      return;
    }
    int below = floatBits >>> 16;
    double lo = HalfFloats.bfloat16ToFloat((short) below);
    double hi = HalfFloats.bfloat16ToFloat((short) (below + 1));
    double dLo = Math.abs(f - lo);
    double dHi = Math.abs(f - hi);
    int expected;
    if (dLo != dHi) {
      expected = dLo < dHi ? below : below + 1;
    } else {
      expected = (below & 1) == 0 ? below : below + 1;
    }
    assertEquals((short) expected, HalfFloats.floatToBfloat16(f), "float " + f);
  }

  @Test
  void overflowAndSubnormals() {
    assertEquals(Float.POSITIVE_INFINITY, bf16(3.4e38f));
    assertEquals(Float.NEGATIVE_INFINITY, bf16(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(bf16(Float.NaN)));
    assertEquals(Float.intBitsToFloat(0x00010000), bf16(Float.intBitsToFloat(0x00010001)));
    assertEquals(0f, bf16(Float.MIN_VALUE));
    assertEquals(1f, bf16(1 + 0x1p-8f), "a tie rounds to the even neighbour");
    assertEquals(1 + 0x1p-6f, bf16(1 + 3 * 0x1p-8f), "a tie rounds to the even neighbour");
  }

  @Test
  void floatToIntegerTruncatesTowardZero() {
    assertEquals(-2, HalfFloats.doubleToLong(-2.9));
    assertEquals(2, HalfFloats.doubleToLong(2.9));
    assertEquals(Long.MIN_VALUE, HalfFloats.doubleToLong(Double.NaN));
    assertEquals(Long.MIN_VALUE, HalfFloats.doubleToLong(1e19));
  }

  private static float bf16(float f) {
    return HalfFloats.bfloat16ToFloat(HalfFloats.floatToBfloat16(f));
  }
}
