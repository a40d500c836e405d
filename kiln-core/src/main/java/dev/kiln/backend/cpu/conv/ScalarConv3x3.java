package dev.kiln.backend.cpu.conv;

import java.util.Arrays;

/** The plain-Java {@link Conv3x3Kernel} (the reference for the Vector API one). */
final class ScalarConv3x3 implements Conv3x3Kernel {
  @Override
  public void block(
      float[] in,
      int inOff,
      int ld,
      int cin,
      int rowWidth,
      float[] w,
      int wOff,
      float[] grid,
      int qr) {
    Arrays.fill(grid, 0, BLOCK * qr, 0f);
    for (int j = 0; j < BLOCK; j++) {
      int g = j * qr;
      for (int ci = 0; ci < cin; ci++) {
        for (int t = 0; t < 9; t++) {
          float wt = w[wOff + (ci * 9 + t) * BLOCK + j];
          int src = inOff + ci * ld + (t / 3) * rowWidth + t % 3;
          for (int q = 0; q < qr; q++) {
            grid[g + q] = Math.fma(in[src + q], wt, grid[g + q]);
          }
        }
      }
    }
  }
}
