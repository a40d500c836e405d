package dev.kiln.backend.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chosen {@link Conv3x3Kernel} (the Vector API one when the JVM has it) and its plain-Java twin
 * give the same floats bit for bit: both add each position's products in the same order with fused
 * multiply-adds. Odd channel counts and row widths, an offset input.
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
   * {@link Conv3x3Kernel#taps}: the chosen kernel's lane-wise float32 runs and the scalar twin's
   * sequential ones agree with a float64 sum within {@code 1e-5 * sum |terms|} (two runs of 4096
   * float32 products of values in [-1, 1], order-of-summation error about {@code 6e-8 * sqrt(4096)}
   * of that), for every row of a call, each written at its own stride and nowhere else.
   */
  @Test
  void tapSumsAgreeWithFloat64() {
    Random r = new Random(7);
    int rowWidth = 13;
    int len = 2 * Conv3x3Kernel.RUN + 3 * Conv3x3Kernel.STEP;
    int gStride = len + 11;
    int rows = Conv3x3Kernel.TAP_ROWS;
    float[] g = new float[5 + rows * gStride];
    float[] x = new float[2 + len + 2 * rowWidth + 2];
    for (int i = 0; i < g.length; i++) {
      g[i] = r.nextFloat() * 2 - 1;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() * 2 - 1;
    }
    int sumsStride = 12;
    for (Conv3x3Kernel k : new Conv3x3Kernel[] {Conv3x3Kernel.scalar(), Conv3x3Kernel.get()}) {
      double[] sums = new double[1 + rows * sumsStride];
      sums[1] = 0.5;
      k.taps(g, 5, gStride, x, 2, len, rowWidth, sums, 1, sumsStride);
      for (int row = 0; row < rows; row++) {
        for (int t = 0; t < 9; t++) {
          double exact = row == 0 && t == 0 ? 0.5 : 0;
          double scale = 0;
          for (int i = 0; i < len; i++) {
            double p = (double) g[5 + row * gStride + i] * x[2 + i + (t / 3) * rowWidth + t % 3];
            exact += p;
            scale += Math.abs(p);
          }
          String what = k.getClass().getSimpleName() + " row " + row + " tap " + t;
          assertEquals(exact, sums[1 + row * sumsStride + t], 1e-5 * scale, what);
        }
        for (int t = 9; t < sumsStride && row * sumsStride + t + 1 < sums.length; t++) {
          assertEquals(0, sums[1 + row * sumsStride + t], "writes no other sum");
        }
      }
      assertEquals(0, sums[0], k.getClass().getSimpleName() + " writes no other sum");
    }
  }
}
