package dev.kiln.backend.cpu.vector;

import dev.kiln.backend.cpu.conv.MaxPool2x2Kernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link MaxPool2x2Kernel}: one vector of each input row holds {@code K} windows'
 * pairs; the pairs are split into their left and right taps through the long lanes (low and high
 * halves), then (a, b), (c, d) and the two winners are compared, which picks the same tap as the
 * scalar order a, b, c, d (the first maximum or the last NaN). The row's last windows are masked.
 * W3 pool1 forward [64, 32, 28, 28] kernel alone, 2 threads, min of 50 on the shared VM: 2.2 -> see
 * {@code CpuPoolKernels}. Loaded by name from {@link MaxPool2x2Kernel#get}.
 */
public final class VectorMaxPool2x2 implements MaxPool2x2Kernel {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, F.vectorShape());
  private static final VectorShape HALF = VectorShape.forBitSize(F.vectorBitSize() / 2);
  private static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, HALF);
  private static final VectorSpecies<Integer> IH = VectorSpecies.of(int.class, HALF);

  /** Windows per vector. */
  private static final int K = F.length() / 2;

  private static final IntVector LANE_OFFSETS = IntVector.zero(IH).addIndex(2);

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

  /** Where {@code v} wins over {@code max}: greater, or NaN. */
  private static VectorMask<Float> wins(FloatVector v, FloatVector max) {
    return v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
  }

  @Override
  public void row(
      float[] src, int top, int inW, int outW, float[] dst, long[] indices, int o, int at) {
    IntVector below = IntVector.broadcast(IH, inW);
    for (int ox = 0; ox < outW; ox += K) {
      int p = top + 2 * ox;
      FloatVector upper;
      FloatVector lower;
      if (ox + K <= outW) {
        upper = FloatVector.fromArray(F, src, p);
        lower = FloatVector.fromArray(F, src, p + inW);
      } else {
        VectorMask<Float> in = F.indexInRange(2 * ox, 2 * outW);
        upper = FloatVector.fromArray(F, src, p, in);
        lower = FloatVector.fromArray(F, src, p + inW, in);
      }
      FloatVector a = left(upper);
      FloatVector b = right(upper);
      FloatVector c = left(lower);
      FloatVector d = right(lower);
      VectorMask<Float> tb = wins(b, a);
      VectorMask<Float> td = wins(d, c);
      FloatVector first = a.blend(b, tb);
      FloatVector second = c.blend(d, td);
      VectorMask<Float> t = wins(second, first);
      VectorMask<Float> out = FH.indexInRange(ox, outW);
      first.blend(second, t).intoArray(dst, o + ox, out);
      if (indices != null) {
        IntVector i1 = IntVector.zero(IH).blend(1, tb.cast(IH));
        IntVector i2 = below.blend(inW + 1, td.cast(IH));
        IntVector idx = i1.blend(i2, t.cast(IH)).add(LANE_OFFSETS).add(at + 2 * ox);
        ((LongVector) idx.convertShape(VectorOperators.I2L, LONGS, 0))
            .intoArray(indices, o + ox, LONGS.indexInRange(ox, outW));
      }
    }
  }
}
