package dev.kiln.backend.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chosen {@link MaxPool2x2Kernel} (the Vector API one when the JVM has it), its plain-Java twin
 * and a sequential scan of the taps a, b, c, d (the generic pooling loop's rule) give the same
 * maxima bit for bit and the same tap codes: ties (few distinct values, 0.0 and -0.0), NaNs, every
 * row width up to three vectors, odd input widths and offsets, three rows a call. Backward writes
 * exactly the four elements of each window (a NaN sentinel elsewhere survives), the gradient plus
 * +0 at the coded tap and +0 at the others, bit for bit.
 */
class MaxPool2x2KernelTest {
  private static final float[] VALUES = {
    -1f, 0f, -0f, 0.5f, 2f, Float.NaN, Float.NEGATIVE_INFINITY
  };

  private static final int ROWS = 3;

  private static final MaxPool2x2Kernel[] KERNELS = {
    MaxPool2x2Kernel.scalar(), MaxPool2x2Kernel.get()
  };

  @Test
  void forwardMatchesSequentialScan() {
    Random r = new Random(11);
    for (int outW = 1; outW <= 40; outW++) {
      for (int extra = 0; extra < 2; extra++) {
        int inW = 2 * outW + extra;
        int top = 3;
        float[] src = new float[top + 2 * ROWS * inW + 1];
        for (int i = 0; i < src.length; i++) {
          src[i] = VALUES[r.nextInt(VALUES.length)];
        }
        int o = 2;
        float[] expected = new float[o + ROWS * outW + 1];
        byte[] expectedTaps = new byte[expected.length];
        for (int row = 0; row < ROWS; row++) {
          scan(src, top + 2 * row * inW, inW, outW, expected, expectedTaps, o + row * outW);
        }
        for (MaxPool2x2Kernel k : KERNELS) {
          float[] dst = new float[expected.length];
          byte[] taps = new byte[expected.length];
          k.forward(src, top, inW, outW, ROWS, dst, o, taps);
          String what = k.getClass().getSimpleName() + ", outW " + outW + ", inW " + inW;
          assertArrayEquals(bits(expected), bits(dst), what);
          assertArrayEquals(expectedTaps, taps, what);
          float[] alone = new float[expected.length];
          k.forward(src, top, inW, outW, ROWS, alone, o, null);
          assertArrayEquals(bits(expected), bits(alone), what + ", no taps");
        }
      }
    }
  }

  @Test
  void backwardWritesEachWindowFromItsTap() {
    Random r = new Random(12);
    float[] grads = {1.5f, -0f, 0f, Float.NaN, -3f};
    for (int outW = 1; outW <= 40; outW++) {
      for (int extra = 0; extra < 2; extra++) {
        int inW = 2 * outW + extra;
        int o = 3;
        int top = 5;
        float[] g = new float[o + ROWS * outW + 2];
        byte[] taps = new byte[g.length];
        for (int i = 0; i < g.length; i++) {
          g[i] = grads[r.nextInt(grads.length)];
          taps[i] = (byte) r.nextInt(4);
        }
        float[] expected = new float[top + 2 * ROWS * inW + 3];
        Arrays.fill(expected, Float.NaN);
        int[] offsets = {0, 1, inW, inW + 1};
        for (int row = 0; row < ROWS; row++) {
          for (int ox = 0; ox < outW; ox++) {
            int i = o + row * outW + ox;
            for (int t = 0; t < 4; t++) {
              expected[top + 2 * row * inW + 2 * ox + offsets[t]] = t == taps[i] ? 0f + g[i] : 0f;
            }
          }
        }
        for (MaxPool2x2Kernel k : KERNELS) {
          float[] dst = new float[expected.length];
          Arrays.fill(dst, Float.NaN);
          k.backward(g, taps, o, outW, ROWS, dst, top, inW);
          String what = k.getClass().getSimpleName() + ", outW " + outW + ", inW " + inW;
          assertArrayEquals(bits(expected), bits(dst), what);
        }
      }
    }
  }

  private static void scan(
      float[] src, int top, int inW, int outW, float[] dst, byte[] taps, int o) {
    int[] offsets = {0, 1, inW, inW + 1};
    for (int ox = 0; ox < outW; ox++) {
      float max = Float.NEGATIVE_INFINITY;
      int best = 0;
      for (int t = 0; t < 4; t++) {
        float v = src[top + 2 * ox + offsets[t]];
        if (t == 0 || v > max || Float.isNaN(v)) {
          max = v;
          best = t;
        }
      }
      dst[o + ox] = max;
      taps[o + ox] = (byte) best;
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
