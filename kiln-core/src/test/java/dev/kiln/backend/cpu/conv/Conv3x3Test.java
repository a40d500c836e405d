package dev.kiln.backend.cpu.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Conv3x3#weightTaps} against a float64 sum of the zero-padded correlation: more samples
 * than one chunk, output channels that are not a multiple of {@link Conv3x3Kernel#TAP_BLOCK}, odd
 * plane sizes, offset operands, and the plane sums it takes on the way.
 */
class Conv3x3Test {
  @Test
  void weightTapsMatchFloat64() {
    Random r = new Random(11);
    int n = 11;
    int outC = 5;
    int inC = 3;
    int h = 5;
    int w = 7;
    int plane = h * w;
    float[] g = new float[4 + n * outC * plane];
    float[] x = new float[3 + n * inC * plane];
    for (int i = 0; i < g.length; i++) {
      g[i] = r.nextFloat() * 2 - 1;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() * 2 - 1;
    }
    float[] gw = new float[outC * inC * 9];
    double[] rowSums = new double[n * outC];
    Conv3x3.weightTaps(g, 4, x, 3, new Conv3x3.Layout(n, h, w), outC, inC, gw, rowSums);
    for (int o = 0; o < outC; o++) {
      for (int i = 0; i < inC; i++) {
        for (int t = 0; t < 9; t++) {
          double exact = 0;
          double scale = 0;
          for (int s = 0; s < n; s++) {
            for (int y = 0; y < h; y++) {
              for (int c = 0; c < w; c++) {
                int yy = y + t / 3 - 1;
                int xx = c + t % 3 - 1;
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                  double p =
                      (double) g[4 + ((s * outC + o) * h + y) * w + c]
                          * x[3 + ((s * inC + i) * h + yy) * w + xx];
                  exact += p;
                  scale += Math.abs(p);
                }
              }
            }
          }
          // float32 sums over at most 8 samples (280 products): error well under 1e-5 * scale
          assertEquals(exact, gw[(o * inC + i) * 9 + t], 1e-5 * scale, o + ", " + i + ", " + t);
        }
      }
    }
    for (int s = 0; s < n; s++) {
      for (int o = 0; o < outC; o++) {
        double sum = 0;
        for (int p = 0; p < plane; p++) {
          sum += g[4 + (s * outC + o) * plane + p];
        }
        // float32 sums over 35 positions
        assertEquals(sum, rowSums[s * outC + o], 1e-5 * plane, "plane sum " + s + ", " + o);
      }
    }
  }

  /**
   * {@link Conv3x3#pack} writes every float of its channels' rows, zeros included: into an array
   * full of NaN (a reused scratch array) it gives the same floats as into a fresh one, as an image
   * and as a gradient, with an offset source, and leaves the floats past its rows alone.
   */
  @Test
  void packOverwritesAReusedArray() {
    Random r = new Random(13);
    Conv3x3.Layout l = new Conv3x3.Layout(3, 4, 5);
    int channels = 3;
    float[] src = new float[2 + l.n() * channels * l.h() * l.w()];
    for (int i = 0; i < src.length; i++) {
      src[i] = r.nextFloat() + 1;
    }
    for (boolean padded : new boolean[] {true, false}) {
      float[] fresh = new float[channels * l.ld()];
      float[] reused = new float[channels * l.ld() + 4];
      Arrays.fill(reused, Float.NaN);
      double[] sums = new double[l.n() * channels];
      Conv3x3.pack(src, 2, channels, l, padded, fresh, null);
      Conv3x3.pack(src, 2, channels, l, padded, reused, sums);
      assertArrayEquals(fresh, Arrays.copyOf(reused, fresh.length), "padded " + padded);
      assertEquals(Float.NaN, reused[fresh.length + 3], "past the rows");
      // sample 1, channel 2, pixel (3, 4)
      int at = 2 * l.ld() + l.image(1, padded);
      assertEquals(
          src[2 + ((channels + 2) * l.h() + 3) * l.w() + 4],
          reused[at + (3 + 1) * l.rowWidth() + 4 + 1],
          "one pixel, padded " + padded);
      assertEquals(0f, reused[at], "the padding corner, padded " + padded);
      int count = 0;
      for (float v : Arrays.copyOf(reused, fresh.length)) {
        count += v == 0 ? 0 : 1;
      }
      assertEquals(src.length - 2, count, "non-zeros: the source's floats, padded " + padded);
    }
  }
}
