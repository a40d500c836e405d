package dev.kiln.backend.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chosen {@link Conv3x3Kernel} (the Vector API one when the JVM has it) and its plain-Java twin
 * give the same floats bit for bit: both add each position's products in the same order with fused
 * multiply-adds. Odd channel counts and row widths, offset operands.
 */
class Conv3x3KernelTest {
  @Test
  void chosenKernelMatchesScalarTwin() {
    Random r = new Random(42);
    for (int[] c : new int[][] {{1, 30, 96}, {3, 9, 48}, {5, 16, 240}}) {
      int cin = c[0];
      int rowWidth = c[1];
      int qr = c[2];
      int ld = qr + 2 * rowWidth + 2 + 5;
      float[] in = new float[3 + cin * ld];
      for (int i = 0; i < in.length; i++) {
        in[i] = r.nextFloat() * 2 - 1;
      }
      float[] w = new float[7 + cin * 9 * Conv3x3Kernel.BLOCK];
      for (int i = 0; i < w.length; i++) {
        w[i] = r.nextFloat() * 2 - 1;
      }
      float[] bias = new float[2 + Conv3x3Kernel.BLOCK];
      for (int i = 0; i < bias.length; i++) {
        bias[i] = r.nextFloat() * 2 - 1;
      }
      float[] expected = new float[Conv3x3Kernel.BLOCK * qr];
      float[] actual = new float[Conv3x3Kernel.BLOCK * qr];
      Conv3x3Kernel.scalar().block(in, 3, ld, cin, rowWidth, w, 7, bias, 2, expected, qr);
      Conv3x3Kernel.get().block(in, 3, ld, cin, rowWidth, w, 7, bias, 2, actual, qr);
      assertArrayEquals(expected, actual, "cin " + cin + ", row width " + rowWidth);
    }
  }

  /**
   * {@link Conv3x3Kernel#taps} of both kernels, bit for bit: odd channel count, row width, width
   * and row count, offset operands, accumulators that start non-zero, one and two {@link
   * Conv3x3Kernel#TAP_BLOCK}s of output channels.
   */
  @Test
  void tapsMatchScalarTwin() {
    Random r = new Random(7);
    for (int[] c : new int[][] {{3, 11, 9, 5, 1, 2}, {1, 30, 28, 3, 2, 1}, {5, 4, 2, 1, 1, 3}}) {
      int cin = c[0];
      int rowWidth = c[1];
      int w = c[2];
      int rows = c[3];
      int os = c[4] * Conv3x3Kernel.TAP_BLOCK;
      int images = c[5];
      int imageStride = (rows + 1) * rowWidth;
      int ld = images * imageStride + 2 * rowWidth + 3;
      float[] gt = random(r, 5 + images * rows * w * os);
      float[] x = random(r, 2 + cin * ld);
      float[] expected = random(r, cin * 9 * os);
      float[] actual = expected.clone();
      Conv3x3Kernel.scalar()
          .taps(gt, 5, os, x, 2, ld, cin, rowWidth, w, rows, images, imageStride, expected);
      Conv3x3Kernel.get()
          .taps(gt, 5, os, x, 2, ld, cin, rowWidth, w, rows, images, imageStride, actual);
      assertArrayEquals(expected, actual, "cin " + cin + ", row width " + rowWidth + ", w " + w);
    }
  }

  /**
   * {@link Conv3x3Kernel#transpose} of both kernels: the same array, channels past a whole number
   * of vectors and an odd plane, offsets, and the output's other entries left as they were.
   */
  @Test
  void transposeMatchesScalarTwin() {
    Random r = new Random(3);
    for (int[] c : new int[][] {{37, 23}, {5, 9}, {32, 16}}) {
      int channels = c[0];
      int plane = c[1];
      int os = 64;
      float[] g = random(r, 3 + channels * plane);
      float[] expected = random(r, 6 + plane * os);
      float[] actual = expected.clone();
      double[] expectedSums = new double[2 + channels];
      double[] actualSums = new double[2 + channels];
      Conv3x3Kernel.scalar().transpose(g, 3, channels, plane, expected, 6, os, expectedSums, 2);
      Conv3x3Kernel.get().transpose(g, 3, channels, plane, actual, 6, os, actualSums, 2);
      assertArrayEquals(expected, actual, channels + " channels, plane " + plane);
      assertArrayEquals(expectedSums, actualSums, channels + " channels, plane " + plane + " sums");
      Conv3x3Kernel.get().transpose(g, 3, channels, plane, actual, 6, os, null, 0);
      assertArrayEquals(expected, actual, "without sums");
      assertEquals(g[3 + plane + 1], actual[6 + os + 1], "one entry: channel 1, position 1");
    }
  }

  /**
   * {@link Conv3x3Kernel#tiles} of both kernels, bit for bit: 1, 16 and 33 input channels, a full
   * and two partial blocks of output channels, planes of 1x1, 5x7 and 3x15 (row tails shorter than
   * {@link Conv3x3Kernel#TILE_COLS}), offset operands, and the output's other entries left as they
   * were.
   */
  @Test
  void tilesMatchScalarTwin() {
    Random r = new Random(5);
    for (int[] c : new int[][] {{1, 32, 1, 1}, {16, 5, 5, 7}, {33, 17, 3, 15}, {3, 32, 2, 8}}) {
      int cin = c[0];
      int channels = c[1];
      int h = c[2];
      int width = c[3];
      int rowWidth = width + 2;
      int ld = (h + 3) * rowWidth + Conv3x3Kernel.TILE_COLS;
      float[] in = random(r, 3 + cin * ld);
      float[] w = random(r, 7 + cin * 9 * Conv3x3Kernel.TAP_BLOCK);
      float[] bias = random(r, 2 + Conv3x3Kernel.TAP_BLOCK);
      float[] expected = random(r, 4 + channels * h * width + 5);
      float[] actual = expected.clone();
      Conv3x3Kernel.scalar()
          .tiles(in, 3, ld, cin, rowWidth, w, 7, bias, 2, expected, 4, channels, h, width);
      Conv3x3Kernel.get()
          .tiles(in, 3, ld, cin, rowWidth, w, 7, bias, 2, actual, 4, channels, h, width);
      assertArrayEquals(expected, actual, cin + " -> " + channels + ", " + h + "x" + width);
      if (cin == 1) {
        float first = bias[2];
        for (int t = 0; t < 9; t++) {
          first =
              Math.fma(
                  in[3 + (t / 3) * rowWidth + t % 3], w[7 + t * Conv3x3Kernel.TAP_BLOCK], first);
        }
        assertEquals(first, actual[4], "one entry: channel 0, position 0");
      }
    }
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat() * 2 - 1;
    }
    return a;
  }
}
