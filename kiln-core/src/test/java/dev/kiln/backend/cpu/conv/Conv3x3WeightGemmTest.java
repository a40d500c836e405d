package dev.kiln.backend.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.Parallel;
import dev.kiln.backend.cpu.conv.Conv3x3.Layout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv3x3WeightGemm} against a float64 loop over the zero-padded input, on odd sizes: 1 to
 * 40 input channels, widths and heights from 1, one sample, several samples per chunk, several
 * chunks with a remainder, and samples cut into bands of rows; offset operands; bias sums; the same
 * floats for 1 and 2 threads. Runs on whichever GEMM this JVM has ({@code -Dkiln.blas=off}: the
 * Java one).
 */
class Conv3x3WeightGemmTest {
  /** {n, inC, outC, h, w}. */
  private static final int[][] CASES = {
    {1, 1, 1, 1, 1},
    {3, 1, 5, 7, 4},
    {2, 3, 2, 1, 9},
    {4, 9, 11, 5, 1},
    {1, 33, 3, 13, 9},
    // 33 * 9 * 15 * 17 * 4 = 303 KB unrolled per sample: chunks of 3 samples, 7 = 3 + 3 + 1
    {7, 33, 4, 15, 17},
    // 40 * 9 * 30 * 29 * 4 = 1.25 MB per sample: bands of 25 and 5 rows
    {2, 40, 3, 30, 29},
  };

  @Test
  void matchesFloat64ReferenceWithBiasSums() {
    Random r = new Random(11);
    for (int[] c : CASES) {
      int n = c[0];
      int inC = c[1];
      int outC = c[2];
      int h = c[3];
      int w = c[4];
      int gOff = 3;
      int xOff = 5;
      float[] g = random(r, gOff + n * outC * h * w);
      float[] x = random(r, xOff + n * inC * h * w);
      Layout l = new Layout(n, h, w);
      float[] gw = new float[outC * inC * 9];
      double[] sums = new double[n * outC];
      Conv3x3WeightGemm.weightGradient(g, gOff, x, xOff, l, outC, inC, gw, sums);
      String what = "n " + n + ", inC " + inC + ", outC " + outC + ", " + h + "x" + w;
      for (int o = 0; o < outC; o++) {
        for (int i = 0; i < inC; i++) {
          for (int t = 0; t < 9; t++) {
            double exact = 0;
            double abs = 0;
            for (int s = 0; s < n; s++) {
              for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                  int yy = y + t / 3 - 1;
                  int xi = xx + t % 3 - 1;
                  if (yy < 0 || yy >= h || xi < 0 || xi >= w) {
                    continue;
                  }
                  double p =
                      (double) g[gOff + ((s * outC + o) * h + y) * w + xx]
                          * x[xOff + ((s * inC + i) * h + yy) * w + xi];
                  exact += p;
                  abs += Math.abs(p);
                }
              }
            }
            // float32 products summed in float32 by the GEMM: rounding error ~ 6e-8 per addition
            // of the running sum, within 1e-5 of the sum of magnitudes for these lengths
            float got = gw[(o * inC + i) * 9 + t];
            assertTrue(
                Math.abs(got - exact) <= 1e-5 * abs + 1e-7,
                what + ": gw[" + o + ", " + i + ", " + t + "] = " + got + ", expected " + exact);
          }
        }
      }
      for (int s = 0; s < n; s++) {
        for (int o = 0; o < outC; o++) {
          double exact = 0;
          for (int p = 0; p < h * w; p++) {
            exact += g[gOff + (s * outC + o) * h * w + p];
          }
          assertEquals(exact, sums[s * outC + o], 1e-5, what + ": plane sum " + s + ", " + o);
        }
      }
    }
  }

  @Test
  void sameFloatsForAnyThreadCount() {
    Random r = new Random(12);
    int[] c = CASES[5];
    float[] g = random(r, c[0] * c[2] * c[3] * c[4]);
    float[] x = random(r, c[0] * c[1] * c[3] * c[4]);
    Layout l = new Layout(c[0], c[3], c[4]);
    float[][] out = new float[2][c[2] * c[1] * 9];
    int before = Parallel.getNumThreads();
    try {
      for (int t = 0; t < 2; t++) {
        Parallel.setNumThreads(t + 1);
        Conv3x3WeightGemm.weightGradient(g, 0, x, 0, l, c[2], c[1], out[t], null);
      }
    } finally {
      Parallel.setNumThreads(before);
    }
    assertArrayEquals(out[0], out[1]);
  }

  @Test
  void chunksCoverEverySampleAndRow() {
    assertEquals(
        new Conv3x3WeightGemm.Chunks(3, 15, 3),
        Conv3x3WeightGemm.Chunks.of(new Layout(7, 15, 17), 33));
    assertEquals(
        new Conv3x3WeightGemm.Chunks(1, 25, 4),
        Conv3x3WeightGemm.Chunks.of(new Layout(2, 30, 29), 40));
    // W3 conv2: 4 samples of 32 x 9 x 14 x 14 floats per chunk, 16 chunks
    assertEquals(
        new Conv3x3WeightGemm.Chunks(4, 14, 16),
        Conv3x3WeightGemm.Chunks.of(new Layout(64, 14, 14), 32));
  }

  private static float[] random(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextFloat() * 2 - 1;
    }
    return a;
  }
}
