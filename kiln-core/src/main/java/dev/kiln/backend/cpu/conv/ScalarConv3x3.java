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
      float[] bias,
      int biasOff,
      float[] grid,
      int qr) {
    for (int j = 0; j < BLOCK; j++) {
      int g = j * qr;
      Arrays.fill(grid, g, g + qr, bias[biasOff + j]);
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

  @Override
  public void taps(
      float[] g,
      int gOff,
      int gStride,
      float[] x,
      int xOff,
      int len,
      int rowWidth,
      double[] sums,
      int sumsOff,
      int sumsStride) {
    for (int r = 0; r < TAP_ROWS; r++) {
      int gr = gOff + r * gStride;
      for (int t = 0; t < 9; t++) {
        int shift = xOff + (t / 3) * rowWidth + t % 3;
        for (int k0 = 0; k0 < len; k0 += RUN) {
          int end = Math.min(len, k0 + RUN);
          float s = 0;
          for (int k = k0; k < end; k++) {
            s = Math.fma(g[gr + k], x[shift + k], s);
          }
          sums[sumsOff + r * sumsStride + t] += s;
        }
      }
    }
  }
}
