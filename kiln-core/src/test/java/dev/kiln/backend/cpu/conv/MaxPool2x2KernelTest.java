package dev.kiln.backend.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chosen {@link MaxPool2x2Kernel} (the Vector API one when the JVM has it), its plain-Java twin
 * and a sequential scan of the taps a, b, c, d (the generic pooling loop's rule) give the same
 * maxima bit for bit and the same indices: ties (few distinct values, 0.0 and -0.0), NaNs, every
 * row width up to three vectors, odd input widths and offsets.
 */
class MaxPool2x2KernelTest {
  private static final float[] VALUES = {
    -1f, 0f, -0f, 0.5f, 2f, Float.NaN, Float.NEGATIVE_INFINITY
  };

  @Test
  void chosenKernelAndTwinMatchSequentialScan() {
    Random r = new Random(11);
    for (int outW = 1; outW <= 40; outW++) {
      for (int extra = 0; extra < 2; extra++) {
        int inW = 2 * outW + extra;
        int top = 3;
        float[] src = new float[top + 2 * inW + 1];
        for (int i = 0; i < src.length; i++) {
          src[i] = VALUES[r.nextInt(VALUES.length)];
        }
        int o = 2;
        int at = 5;
        float[] expected = new float[o + outW];
        long[] expectedIdx = new long[o + outW];
        scan(src, top, inW, outW, expected, expectedIdx, o, at);
        for (MaxPool2x2Kernel k :
            new MaxPool2x2Kernel[] {MaxPool2x2Kernel.scalar(), MaxPool2x2Kernel.get()}) {
          float[] dst = new float[o + outW];
          long[] idx = new long[o + outW];
          k.row(src, top, inW, outW, dst, idx, o, at);
          String what = k.getClass().getSimpleName() + ", outW " + outW + ", inW " + inW;
          assertArrayEquals(bits(expected), bits(dst), what);
          assertArrayEquals(expectedIdx, idx, what);
          float[] alone = new float[o + outW];
          k.row(src, top, inW, outW, alone, null, o, at);
          assertArrayEquals(bits(expected), bits(alone), what + ", no indices");
        }
      }
    }
  }

  private static void scan(
      float[] src, int top, int inW, int outW, float[] dst, long[] idx, int o, int at) {
    int[] offsets = {0, 1, inW, inW + 1};
    for (int ox = 0; ox < outW; ox++) {
      float max = Float.NEGATIVE_INFINITY;
      int best = 0;
      for (int t = 0; t < 4; t++) {
        float v = src[top + 2 * ox + offsets[t]];
        if (t == 0 || v > max || Float.isNaN(v)) {
          max = v;
          best = offsets[t];
        }
      }
      dst[o + ox] = max;
      idx[o + ox] = at + 2 * ox + best;
    }
  }

  private static int[] bits(float[] a) {
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToRawIntBits(a[i]);
    }
    return b;
  }
}
