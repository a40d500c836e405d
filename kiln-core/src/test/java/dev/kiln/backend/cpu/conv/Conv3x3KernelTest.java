package dev.kiln.backend.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
    for (int[] c : new int[][] {{1, 30, 96}, {3, 9, 64}, {5, 16, 224}}) {
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
      float[] expected = new float[Conv3x3Kernel.BLOCK * qr];
      float[] actual = new float[Conv3x3Kernel.BLOCK * qr];
      Conv3x3Kernel.scalar().block(in, 3, ld, cin, rowWidth, w, 7, expected, qr);
      Conv3x3Kernel.get().block(in, 3, ld, cin, rowWidth, w, 7, actual, qr);
      assertArrayEquals(expected, actual, "cin " + cin + ", row width " + rowWidth);
    }
  }
}
