package dev.kiln.backend.cpu.vector;

import dev.kiln.backend.cpu.conv.MaxPool2x2Kernel;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link MaxPool2x2Kernel}: one vector of each input row holds {@code K} windows'
 * pairs. Forward splits the pairs into their left and right taps through the long lanes (low and
 * high halves), then compares (a, b), (c, d) and the two winners, which picks the same tap as the
 * scalar order a, b, c, d (the first maximum or the last NaN). Backward interleaves the gradient
 * and the tap codes back into pairs the same way and keeps each lane whose tap code is its own. The
 * loads and stores are masked (every one: vectors merged from a masked and an unmasked branch were
 * boxed in the W3 step, JFR); a group whose vectors would reach past an array's end runs on the
 * scalar twin. Measured in {@code CpuPoolKernels}. Loaded by name from {@link
 * MaxPool2x2Kernel#get}.
 */
public final class VectorMaxPool2x2 implements MaxPool2x2Kernel {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, F.vectorShape());
  private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, F.vectorShape());
  private static final VectorShape HALF = VectorShape.forBitSize(F.vectorBitSize() / 2);
  private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, HALF);
  private static final VectorSpecies<Integer> IH = VectorSpecies.of(int.class, HALF);

  /** Tap codes: the smallest byte vector (64 bits), of which the first {@code K} lanes are used. */
  private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;

  /** Windows per vector. */
  private static final int K = F.length() / 2;

  private static final IntVector ZERO = IntVector.zero(IH);
  private static final IntVector TWO = ZERO.add(2);

  /** Each lane's own upper-row tap code in an interleaved pair vector: 0, 1, 0, 1, ... */
  private static final IntVector UPPER = IntVector.zero(INTS).addIndex(1).and(1);

  /** Each lane's own lower-row tap code: 2, 3, 2, 3, ... */
  private static final IntVector LOWER = UPPER.add(2);

  /**
   * The twin, for the windows whose whole vectors would reach past an array's end: a masked access
   * there takes the Vector API's lane-by-lane check, which in the W3 step deoptimized the kernel
   * (JFR: most of the backward's samples in {@code VectorMask.firstTrue}).
   */
  private static final MaxPool2x2Kernel SCALAR = MaxPool2x2Kernel.scalar();

  /** Public for the reflective loader. */
  public VectorMaxPool2x2() {}

  /** The even (left) elements of {@code v}'s pairs. */
  private static FloatVector left(FloatVector v) {
    return (FloatVector)
        v.reinterpretAsLongs().convertShape(VectorOperators.L2I, IH, 0).reinterpretAsFloats();
  }

  /** The odd (right) elements of {@code v}'s pairs. */
  private static FloatVector right(FloatVector v) {
    return (FloatVector)
        v.reinterpretAsLongs()
            .lanewise(VectorOperators.LSHR, 32)
            .convertShape(VectorOperators.L2I, IH, 0)
            .reinterpretAsFloats();
  }

  /** Each lane of {@code v} twice in a row: the inverse of {@link #left} and {@link #right}. */
  private static IntVector twice(IntVector v) {
    LongVector w = (LongVector) v.convertShape(VectorOperators.I2L, LONGS, 0);
    return w.and(0xFFFFFFFFL).or(w.lanewise(VectorOperators.LSHL, 32)).reinterpretAsInts();
  }

  /** Where {@code v} wins over {@code max}: greater, or NaN. */
  private static VectorMask<Float> wins(FloatVector v, FloatVector max) {
    return v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
  }

  @Override
  public void forward(
      float[] src, int top, int inW, int outW, int rows, float[] dst, int o, byte[] taps) {
    for (int r = 0; r < rows; r++, top += 2 * inW, o += outW) {
      for (int ox = 0; ox < outW; ox += K) {
        int p = top + 2 * ox;
        if (p + inW + F.length() > src.length
            || o + ox + K > dst.length
            || (taps != null && o + ox + B.length() > taps.length)) {
          SCALAR.forward(src, p, inW, outW - ox, 1, dst, o + ox, taps);
          break;
        }
        VectorMask<Float> in = F.indexInRange(2 * ox, 2 * outW);
        FloatVector upper = FloatVector.fromArray(F, src, p, in);
        FloatVector lower = FloatVector.fromArray(F, src, p + inW, in);
        FloatVector a = left(upper);
        FloatVector b = right(upper);
        FloatVector c = left(lower);
        FloatVector d = right(lower);
        VectorMask<Float> tb = wins(b, a);
        VectorMask<Float> td = wins(d, c);
        FloatVector first = a.blend(b, tb);
        FloatVector second = c.blend(d, td);
        VectorMask<Float> t = wins(second, first);
        first.blend(second, t).intoArray(dst, o + ox, FH.indexInRange(ox, outW));
        if (taps != null) {
          IntVector c1 = ZERO.blend(1, tb.cast(IH));
          IntVector c2 = TWO.blend(3, td.cast(IH));
          ByteVector code =
              (ByteVector) c1.blend(c2, t.cast(IH)).convertShape(VectorOperators.I2B, B, 0);
          code.intoArray(taps, o + ox, B.indexInRange(ox, Math.min(ox + K, outW)));
        }
      }
    }
  }

  @Override
  public void backward(
      float[] g, byte[] taps, int o, int outW, int rows, float[] dst, int top, int inW) {
    for (int r = 0; r < rows; r++, top += 2 * inW, o += outW) {
      for (int ox = 0; ox < outW; ox += K) {
        int p = top + 2 * ox;
        if (p + inW + F.length() > dst.length
            || o + ox + K > g.length
            || o + ox + B.length() > taps.length) {
          SCALAR.backward(g, taps, o + ox, outW - ox, 1, dst, p, inW);
          break;
        }
        FloatVector gv = FloatVector.fromArray(FH, g, o + ox, FH.indexInRange(ox, outW));
        VectorMask<Byte> groupCodes = B.indexInRange(ox, Math.min(ox + K, outW));
        ByteVector code = ByteVector.fromArray(B, taps, o + ox, groupCodes);
        IntVector v = twice(gv.add(0f).reinterpretAsInts());
        IntVector pairs = twice((IntVector) code.convertShape(VectorOperators.B2I, IH, 0));
        FloatVector upper =
            v.blend(0, pairs.compare(VectorOperators.NE, UPPER)).reinterpretAsFloats();
        FloatVector lower =
            v.blend(0, pairs.compare(VectorOperators.NE, LOWER)).reinterpretAsFloats();
        VectorMask<Float> in = F.indexInRange(2 * ox, 2 * outW);
        upper.intoArray(dst, p, in);
        lower.intoArray(dst, p + inW, in);
      }
    }
  }
}
