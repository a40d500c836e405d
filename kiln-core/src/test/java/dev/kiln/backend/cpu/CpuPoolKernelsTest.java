package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuConvKernels.Window;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 2x2 stride-2 max pool over whole planes against the generic pooling loop and scatter
 * backward: the same maxima bit for bit, the tap codes' int64 indices equal to the loop's, and a
 * backward that overwrites every element of a NaN-filled gradient with the bits that zeros plus the
 * scatter give (odd heights and widths, planes too small for any window, W3's 28 and 14 wide
 * planes, ties and NaNs).
 */
class CpuPoolKernelsTest {
  private static final float[] VALUES = {-1f, 0f, -0f, 0.5f, 2f, Float.NaN, 3f};

  @Test
  void plain2x2MatchesGenericLoopAndScatter() {
    int[][] shapes = {{3, 5, 7}, {2, 4, 4}, {2, 1, 4}, {2, 3, 1}, {5, 28, 28}, {7, 14, 14}};
    Random r = new Random(5);
    for (int[] s : shapes) {
      int planes = s[0];
      int h = s[1];
      int w = s[2];
      int[] out = {1, h / 2, w / 2};
      Window win =
          new Window(
              planes,
              new int[] {1, h, w},
              new int[] {1, 2, 2},
              new int[] {1, 2, 2},
              new int[] {0, 0, 0},
              new int[] {1, 1, 1},
              out);
      String what = Arrays.toString(s);
      assertTrue(CpuPoolKernels.isPlain2x2(win), what);
      float[] src = new float[planes * h * w];
      for (int i = 0; i < src.length; i++) {
        src[i] = r.nextInt(8) == 0 ? VALUES[r.nextInt(VALUES.length)] : (float) r.nextGaussian();
      }
      int n = planes * win.positions();
      float[] expected = new float[n];
      long[] expectedIdx = new long[n];
      CpuPoolKernels.maxPool(src, win, expected, expectedIdx);
      float[] dst = new float[n];
      byte[] taps = new byte[n];
      CpuPoolKernels.maxPool2x2(src, win, dst, taps);
      assertArrayEquals(bits(expected), bits(dst), what + " values");
      long[] idx = new long[n];
      CpuPoolKernels.tapIndices(taps, win, idx);
      assertArrayEquals(expectedIdx, idx, what + " indices");

      float[] g = new float[n];
      for (int i = 0; i < n; i++) {
        g[i] = r.nextInt(10) == 0 ? -0f : (float) r.nextGaussian();
      }
      float[] scattered = new float[src.length];
      CpuPoolKernels.maxPoolBackward(g, 0, expectedIdx, planes, win.positions(), h * w, scattered);
      float[] written = new float[src.length];
      Arrays.fill(written, Float.NaN);
      CpuPoolKernels.maxPool2x2Backward(g, taps, win, written);
      assertArrayEquals(bits(scattered), bits(written), what + " backward");
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
