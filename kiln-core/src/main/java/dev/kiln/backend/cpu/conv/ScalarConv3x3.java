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
  public void tiles(
      float[] in,
      int inOff,
      int ld,
      int cin,
      int rowWidth,
      float[] w,
      int wOff,
      float[] bias,
      int biasOff,
      float[] out,
      int outOff,
      int channels,
      int h,
      int width) {
    for (int j = 0; j < channels; j++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < width; x++) {
          float a = bias[biasOff + j];
          for (int ci = 0; ci < cin; ci++) {
            for (int t = 0; t < 9; t++) {
              float wt = w[wOff + (ci * 9 + t) * TAP_BLOCK + j];
              a = Math.fma(in[inOff + ci * ld + (y + t / 3) * rowWidth + x + t % 3], wt, a);
            }
          }
          out[outOff + (j * h + y) * width + x] = a;
        }
      }
    }
  }

  @Override
  public void taps(
      float[] gt,
      int gtOff,
      int oStride,
      float[] x,
      int xOff,
      int ld,
      int cin,
      int rowWidth,
      int w,
      int rows,
      int images,
      int imageStride,
      float[] acc) {
    for (int i = 0; i < cin; i++) {
      for (int t = 0; t < 9; t++) {
        int xs = xOff + i * ld + (t / 3) * rowWidth + t % 3;
        int a0 = (i * 9 + t) * oStride;
        for (int o = 0; o < oStride; o++) {
          float a = acc[a0 + o];
          for (int m = 0; m < images; m++) {
            for (int r = 0; r < rows; r++) {
              int gr = gtOff + (m * rows + r) * w * oStride + o;
              int xr = xs + m * imageStride + r * rowWidth;
              for (int c = 0; c < w; c++) {
                a = Math.fma(gt[gr + c * oStride], x[xr + c], a);
              }
            }
          }
          acc[a0 + o] = a;
        }
      }
    }
  }

  @Override
  public void transpose(
      float[] g,
      int gOff,
      int channels,
      int plane,
      float[] gt,
      int gtOff,
      int oStride,
      double[] sums,
      int sumsOff) {
    for (int c = 0; c < channels; c++) {
      float sum = 0;
      for (int p = 0; p < plane; p++) {
        float v = g[gOff + c * plane + p];
        gt[gtOff + p * oStride + c] = v;
        sum += v;
      }
      if (sums != null) {
        sums[sumsOff + c] = sum;
      }
    }
  }
}
