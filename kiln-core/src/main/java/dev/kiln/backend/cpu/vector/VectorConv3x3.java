package dev.kiln.backend.cpu.vector;

import dev.kiln.backend.cpu.conv.Conv3x3Kernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link Conv3x3Kernel}: 8 output channels x 2 vectors of grid positions are held in
 * 16 accumulators; each tap loads 2 input vectors (shifted, unaligned) and broadcasts 8 weights.
 * Positions step by {@code 3 * L} (L = lanes: 4, 8 or 16, so {@code 3 * L} divides {@link
 * Conv3x3Kernel#STEP}). {@link #tiles} turns that around (as oneDNN's blocked direct convolution):
 * 7 positions of a row x 2 vectors of output channels in 14 accumulators; per input channel and tap
 * 2 weight-vector loads and 7 broadcast input values (no vector straddles a shifted input), and
 * each position's channels are scattered into the NCHW output at the end. {@link #taps} holds 2
 * vectors of output channels x 9 taps in 18 accumulators over an image: per position 2 gradient
 * loads and 9 broadcast input values (scalar loads: no vector ever straddles a shifted input), and
 * no horizontal reductions. Loaded by name from {@link Conv3x3Kernel#get}.
 *
 * <p>Weight gradient measured against the previous kernel (2 output-gradient rows x 9 taps, lanes
 * over positions, 9 unaligned input loads per step and 18 horizontal reductions per call), {@code
 * Conv3x3.weightTaps} on W3's shapes with random data, both in one JVM, interleaved, min of 60
 * calls, two runs on the shared 2-core VM: 2 threads conv2 3.62 / 4.36 -> 2.14 / 2.49 ms, conv1
 * 1.75 / 0.84 -> 0.80 / 0.39 ms; 1 thread conv2 8.74 / 6.95 -> 5.78 / 3.72 ms, conv1 1.20 / 1.17 ->
 * 0.58 / 0.54 ms. W3 step (Workloads harness, 30 samples, JFR): the weight gradient's share 41.6 %
 * -> 28.4 % ({@code image} 19.5 %, {@code gather} 8.9 %); JMH {@code W3TrainStep.step}, five forks
 * each, alternating: median of the forks' median iterations 33.2 -> 29.3 ms, best iteration 27.1 ->
 * 23.9 ms (forks' own error 4-12 ms on the loaded VM).
 *
 * <p>Forward {@link #tiles} against {@link #block} ({@code Conv3x3.convolve} both ways in one JVM,
 * interleaved, random data, W3's 64 samples, min / median of 150-200 calls, shared 2-core VM; the
 * two give the same floats): conv2 (32 -> 64, 14x14) 1 thread 4.07 / 6.14 -> 3.53 / 6.15 ms and
 * 3.98 / 5.80 -> 3.37 / 5.51 ms, 2 threads 2.06 / 2.47 -> 1.72 / 2.28 ms and 3.00 / 3.61 -> 2.80 /
 * 3.30 ms; conv2's input gradient (64 -> 32) 1 thread 3.89 / 5.95 -> 3.17 / 4.96 ms and 3.85 / 4.47
 * -> 3.12 / 3.65 ms, 2 threads 2.06 / 3.47 -> 1.79 / 3.06 ms and 2.26 / 3.87 -> 1.91 / 3.48 ms. The
 * compute alone (no scatter, 1 thread, best of 50 rounds) runs at 153-160 GFLOP/s of useful work
 * against {@code block}'s 125-129 (164 counting its padded positions); 2 rows x 7 positions (28
 * accumulators) ran at 65. conv1 (1 input channel) stays on {@code block}: see {@code
 * Conv3x3.tiled}. W3 step (Workloads, 20 samples, 6 runs of each alternating): median of the runs'
 * medians 35.6 -> 32.4 ms, best min 25.6 -> 22.5 ms (runs' medians spread 29-43 ms).
 */
public final class VectorConv3x3 implements Conv3x3Kernel {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  /**
   * Public for the reflective loader.
   *
   * @throws IllegalStateException when {@code 3 * L} does not divide {@code STEP} or {@code 2 * L}
   *     does not divide {@code TAP_BLOCK}
   */
  public VectorConv3x3() {
    if (STEP % (3 * L) != 0 || TAP_BLOCK % (2 * L) != 0) {
      throw new IllegalStateException(
          "VectorConv3x3: " + L + " lanes do not divide STEP / 3 and TAP_BLOCK / 2");
    }
  }

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
    for (int q0 = 0; q0 < qr; q0 += 3 * L) {
      FloatVector a00 = FloatVector.broadcast(F, bias[biasOff + 0]);
      FloatVector a01 = a00;
      FloatVector a02 = a00;
      FloatVector a10 = FloatVector.broadcast(F, bias[biasOff + 1]);
      FloatVector a11 = a10;
      FloatVector a12 = a10;
      FloatVector a20 = FloatVector.broadcast(F, bias[biasOff + 2]);
      FloatVector a21 = a20;
      FloatVector a22 = a20;
      FloatVector a30 = FloatVector.broadcast(F, bias[biasOff + 3]);
      FloatVector a31 = a30;
      FloatVector a32 = a30;
      FloatVector a40 = FloatVector.broadcast(F, bias[biasOff + 4]);
      FloatVector a41 = a40;
      FloatVector a42 = a40;
      FloatVector a50 = FloatVector.broadcast(F, bias[biasOff + 5]);
      FloatVector a51 = a50;
      FloatVector a52 = a50;
      FloatVector a60 = FloatVector.broadcast(F, bias[biasOff + 6]);
      FloatVector a61 = a60;
      FloatVector a62 = a60;
      FloatVector a70 = FloatVector.broadcast(F, bias[biasOff + 7]);
      FloatVector a71 = a70;
      FloatVector a72 = a70;
      for (int ci = 0; ci < cin; ci++) {
        int base = inOff + ci * ld + q0;
        for (int t = 0; t < 9; t++) {
          int off = base + (t / 3) * rowWidth + t % 3;
          FloatVector v0 = FloatVector.fromArray(F, in, off);
          FloatVector v1 = FloatVector.fromArray(F, in, off + 1 * L);
          FloatVector v2 = FloatVector.fromArray(F, in, off + 2 * L);
          int wi = wOff + (ci * 9 + t) * BLOCK;
          FloatVector b;
          b = FloatVector.broadcast(F, w[wi + 0]);
          a00 = v0.fma(b, a00);
          a01 = v1.fma(b, a01);
          a02 = v2.fma(b, a02);
          b = FloatVector.broadcast(F, w[wi + 1]);
          a10 = v0.fma(b, a10);
          a11 = v1.fma(b, a11);
          a12 = v2.fma(b, a12);
          b = FloatVector.broadcast(F, w[wi + 2]);
          a20 = v0.fma(b, a20);
          a21 = v1.fma(b, a21);
          a22 = v2.fma(b, a22);
          b = FloatVector.broadcast(F, w[wi + 3]);
          a30 = v0.fma(b, a30);
          a31 = v1.fma(b, a31);
          a32 = v2.fma(b, a32);
          b = FloatVector.broadcast(F, w[wi + 4]);
          a40 = v0.fma(b, a40);
          a41 = v1.fma(b, a41);
          a42 = v2.fma(b, a42);
          b = FloatVector.broadcast(F, w[wi + 5]);
          a50 = v0.fma(b, a50);
          a51 = v1.fma(b, a51);
          a52 = v2.fma(b, a52);
          b = FloatVector.broadcast(F, w[wi + 6]);
          a60 = v0.fma(b, a60);
          a61 = v1.fma(b, a61);
          a62 = v2.fma(b, a62);
          b = FloatVector.broadcast(F, w[wi + 7]);
          a70 = v0.fma(b, a70);
          a71 = v1.fma(b, a71);
          a72 = v2.fma(b, a72);
        }
      }
      a00.intoArray(grid, 0 * qr + q0);
      a01.intoArray(grid, 0 * qr + q0 + 1 * L);
      a02.intoArray(grid, 0 * qr + q0 + 2 * L);
      a10.intoArray(grid, 1 * qr + q0);
      a11.intoArray(grid, 1 * qr + q0 + 1 * L);
      a12.intoArray(grid, 1 * qr + q0 + 2 * L);
      a20.intoArray(grid, 2 * qr + q0);
      a21.intoArray(grid, 2 * qr + q0 + 1 * L);
      a22.intoArray(grid, 2 * qr + q0 + 2 * L);
      a30.intoArray(grid, 3 * qr + q0);
      a31.intoArray(grid, 3 * qr + q0 + 1 * L);
      a32.intoArray(grid, 3 * qr + q0 + 2 * L);
      a40.intoArray(grid, 4 * qr + q0);
      a41.intoArray(grid, 4 * qr + q0 + 1 * L);
      a42.intoArray(grid, 4 * qr + q0 + 2 * L);
      a50.intoArray(grid, 5 * qr + q0);
      a51.intoArray(grid, 5 * qr + q0 + 1 * L);
      a52.intoArray(grid, 5 * qr + q0 + 2 * L);
      a60.intoArray(grid, 6 * qr + q0);
      a61.intoArray(grid, 6 * qr + q0 + 1 * L);
      a62.intoArray(grid, 6 * qr + q0 + 2 * L);
      a70.intoArray(grid, 7 * qr + q0);
      a71.intoArray(grid, 7 * qr + q0 + 1 * L);
      a72.intoArray(grid, 7 * qr + q0 + 2 * L);
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
    int plane = h * width;
    int[] index = new int[2 * L];
    for (int o = 0; o < channels; o += 2 * L) {
      // lanes past the channels are masked off; they point at channel o, within the array
      for (int j = 0; j < 2 * L; j++) {
        index[j] = o + j < channels ? (j % L) * plane : j < L ? 0 : -L * plane;
      }
      VectorMask<Float> m0 = F.indexInRange(o, channels);
      VectorMask<Float> m1 = F.indexInRange(o + L, channels);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < width; x += TILE_COLS) {
          tile(
              in,
              inOff + y * rowWidth + x,
              ld,
              cin,
              rowWidth,
              w,
              wOff + o,
              bias,
              biasOff + o,
              out,
              outOff + o * plane + y * width + x,
              plane,
              index,
              m0,
              m1,
              Math.min(TILE_COLS, width - x));
        }
      }
    }
  }

  /**
   * {@link #tiles} of {@link Conv3x3Kernel#TILE_COLS} positions of a row from {@code inOff} and 2
   * vectors of output channels from {@code wOff}: the first {@code count} positions scattered to
   * {@code out} from {@code to} by {@code index} (channels {@code plane} apart) under masks {@code
   * m0}, {@code m1}; a method of its own for the reason given at {@link #image}.
   */
  private static void tile(
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
      int to,
      int plane,
      int[] index,
      VectorMask<Float> m0,
      VectorMask<Float> m1,
      int count) {
    FloatVector b0 = FloatVector.fromArray(F, bias, biasOff);
    FloatVector b1 = FloatVector.fromArray(F, bias, biasOff + L);
    FloatVector a00 = b0;
    FloatVector a01 = b1;
    FloatVector a10 = b0;
    FloatVector a11 = b1;
    FloatVector a20 = b0;
    FloatVector a21 = b1;
    FloatVector a30 = b0;
    FloatVector a31 = b1;
    FloatVector a40 = b0;
    FloatVector a41 = b1;
    FloatVector a50 = b0;
    FloatVector a51 = b1;
    FloatVector a60 = b0;
    FloatVector a61 = b1;
    for (int ci = 0; ci < cin; ci++) {
      for (int ky = 0; ky < 3; ky++) {
        for (int kx = 0; kx < 3; kx++) {
          int off = inOff + ci * ld + ky * rowWidth + kx;
          int wi = wOff + (ci * 9 + ky * 3 + kx) * TAP_BLOCK;
          FloatVector w0 = FloatVector.fromArray(F, w, wi);
          FloatVector w1 = FloatVector.fromArray(F, w, wi + L);
          FloatVector x;
          x = FloatVector.broadcast(F, in[off + 0]);
          a00 = w0.fma(x, a00);
          a01 = w1.fma(x, a01);
          x = FloatVector.broadcast(F, in[off + 1]);
          a10 = w0.fma(x, a10);
          a11 = w1.fma(x, a11);
          x = FloatVector.broadcast(F, in[off + 2]);
          a20 = w0.fma(x, a20);
          a21 = w1.fma(x, a21);
          x = FloatVector.broadcast(F, in[off + 3]);
          a30 = w0.fma(x, a30);
          a31 = w1.fma(x, a31);
          x = FloatVector.broadcast(F, in[off + 4]);
          a40 = w0.fma(x, a40);
          a41 = w1.fma(x, a41);
          x = FloatVector.broadcast(F, in[off + 5]);
          a50 = w0.fma(x, a50);
          a51 = w1.fma(x, a51);
          x = FloatVector.broadcast(F, in[off + 6]);
          a60 = w0.fma(x, a60);
          a61 = w1.fma(x, a61);
        }
      }
    }
    if (count == TILE_COLS) {
      a00.intoArray(out, to + 0, index, 0, m0);
      a01.intoArray(out, to + 0 + L * plane, index, L, m1);
      a10.intoArray(out, to + 1, index, 0, m0);
      a11.intoArray(out, to + 1 + L * plane, index, L, m1);
      a20.intoArray(out, to + 2, index, 0, m0);
      a21.intoArray(out, to + 2 + L * plane, index, L, m1);
      a30.intoArray(out, to + 3, index, 0, m0);
      a31.intoArray(out, to + 3 + L * plane, index, L, m1);
      a40.intoArray(out, to + 4, index, 0, m0);
      a41.intoArray(out, to + 4 + L * plane, index, L, m1);
      a50.intoArray(out, to + 5, index, 0, m0);
      a51.intoArray(out, to + 5 + L * plane, index, L, m1);
      a60.intoArray(out, to + 6, index, 0, m0);
      a61.intoArray(out, to + 6 + L * plane, index, L, m1);
    } else {
      a00.intoArray(out, to, index, 0, m0);
      a01.intoArray(out, to + L * plane, index, L, m1);
      if (1 < count) {
        a10.intoArray(out, to + 1, index, 0, m0);
        a11.intoArray(out, to + 1 + L * plane, index, L, m1);
      }
      if (2 < count) {
        a20.intoArray(out, to + 2, index, 0, m0);
        a21.intoArray(out, to + 2 + L * plane, index, L, m1);
      }
      if (3 < count) {
        a30.intoArray(out, to + 3, index, 0, m0);
        a31.intoArray(out, to + 3 + L * plane, index, L, m1);
      }
      if (4 < count) {
        a40.intoArray(out, to + 4, index, 0, m0);
        a41.intoArray(out, to + 4 + L * plane, index, L, m1);
      }
      if (5 < count) {
        a50.intoArray(out, to + 5, index, 0, m0);
        a51.intoArray(out, to + 5 + L * plane, index, L, m1);
      }
      if (6 < count) {
        a60.intoArray(out, to + 6, index, 0, m0);
        a61.intoArray(out, to + 6 + L * plane, index, L, m1);
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
      for (int o = 0; o < oStride; o += 2 * L) {
        for (int m = 0; m < images; m++) {
          image(
              gt,
              gtOff + m * rows * w * oStride + o,
              oStride,
              x,
              xOff + i * ld + m * imageStride,
              rowWidth,
              w,
              rows,
              acc,
              i * 9 * oStride + o);
        }
      }
    }
  }

  /**
   * {@link #taps} of one image for 2 vectors of channels from {@code gtOff} and one input channel
   * from {@code xOff}, the 18 sums from {@code acc[a + t * oStride]}. A method of its own, called
   * once per image: the JIT compiles it whole after a few hundred calls, whereas a loop that runs
   * long within one call is compiled on stack, and that code did not keep these 18 vectors in
   * registers (boxed, non-vector fallbacks: W3's taps ran about 50 x slower for its first second,
   * the whole of a short benchmark's warm-up).
   */
  private static void image(
      float[] gt,
      int gtOff,
      int oStride,
      float[] x,
      int xOff,
      int rowWidth,
      int w,
      int rows,
      float[] acc,
      int a) {
    FloatVector s00 = FloatVector.fromArray(F, acc, a + 0 * oStride);
    FloatVector s01 = FloatVector.fromArray(F, acc, a + 0 * oStride + L);
    FloatVector s10 = FloatVector.fromArray(F, acc, a + 1 * oStride);
    FloatVector s11 = FloatVector.fromArray(F, acc, a + 1 * oStride + L);
    FloatVector s20 = FloatVector.fromArray(F, acc, a + 2 * oStride);
    FloatVector s21 = FloatVector.fromArray(F, acc, a + 2 * oStride + L);
    FloatVector s30 = FloatVector.fromArray(F, acc, a + 3 * oStride);
    FloatVector s31 = FloatVector.fromArray(F, acc, a + 3 * oStride + L);
    FloatVector s40 = FloatVector.fromArray(F, acc, a + 4 * oStride);
    FloatVector s41 = FloatVector.fromArray(F, acc, a + 4 * oStride + L);
    FloatVector s50 = FloatVector.fromArray(F, acc, a + 5 * oStride);
    FloatVector s51 = FloatVector.fromArray(F, acc, a + 5 * oStride + L);
    FloatVector s60 = FloatVector.fromArray(F, acc, a + 6 * oStride);
    FloatVector s61 = FloatVector.fromArray(F, acc, a + 6 * oStride + L);
    FloatVector s70 = FloatVector.fromArray(F, acc, a + 7 * oStride);
    FloatVector s71 = FloatVector.fromArray(F, acc, a + 7 * oStride + L);
    FloatVector s80 = FloatVector.fromArray(F, acc, a + 8 * oStride);
    FloatVector s81 = FloatVector.fromArray(F, acc, a + 8 * oStride + L);
    for (int r = 0; r < rows; r++) {
      int gr = gtOff + r * w * oStride;
      int xr = xOff + r * rowWidth;
      for (int c = 0; c < w; c++) {
        int gc = gr + c * oStride;
        int xc = xr + c;
        FloatVector g0 = FloatVector.fromArray(F, gt, gc);
        FloatVector g1 = FloatVector.fromArray(F, gt, gc + L);
        FloatVector b;
        b = FloatVector.broadcast(F, x[xc]);
        s00 = g0.fma(b, s00);
        s01 = g1.fma(b, s01);
        b = FloatVector.broadcast(F, x[xc + 1]);
        s10 = g0.fma(b, s10);
        s11 = g1.fma(b, s11);
        b = FloatVector.broadcast(F, x[xc + 2]);
        s20 = g0.fma(b, s20);
        s21 = g1.fma(b, s21);
        b = FloatVector.broadcast(F, x[xc + rowWidth]);
        s30 = g0.fma(b, s30);
        s31 = g1.fma(b, s31);
        b = FloatVector.broadcast(F, x[xc + rowWidth + 1]);
        s40 = g0.fma(b, s40);
        s41 = g1.fma(b, s41);
        b = FloatVector.broadcast(F, x[xc + rowWidth + 2]);
        s50 = g0.fma(b, s50);
        s51 = g1.fma(b, s51);
        b = FloatVector.broadcast(F, x[xc + 2 * rowWidth]);
        s60 = g0.fma(b, s60);
        s61 = g1.fma(b, s61);
        b = FloatVector.broadcast(F, x[xc + 2 * rowWidth + 1]);
        s70 = g0.fma(b, s70);
        s71 = g1.fma(b, s71);
        b = FloatVector.broadcast(F, x[xc + 2 * rowWidth + 2]);
        s80 = g0.fma(b, s80);
        s81 = g1.fma(b, s81);
      }
    }
    s00.intoArray(acc, a + 0 * oStride);
    s01.intoArray(acc, a + 0 * oStride + L);
    s10.intoArray(acc, a + 1 * oStride);
    s11.intoArray(acc, a + 1 * oStride + L);
    s20.intoArray(acc, a + 2 * oStride);
    s21.intoArray(acc, a + 2 * oStride + L);
    s30.intoArray(acc, a + 3 * oStride);
    s31.intoArray(acc, a + 3 * oStride + L);
    s40.intoArray(acc, a + 4 * oStride);
    s41.intoArray(acc, a + 4 * oStride + L);
    s50.intoArray(acc, a + 5 * oStride);
    s51.intoArray(acc, a + 5 * oStride + L);
    s60.intoArray(acc, a + 6 * oStride);
    s61.intoArray(acc, a + 6 * oStride + L);
    s70.intoArray(acc, a + 7 * oStride);
    s71.intoArray(acc, a + 7 * oStride + L);
    s80.intoArray(acc, a + 8 * oStride);
    s81.intoArray(acc, a + 8 * oStride + L);
  }

  /**
   * Gathers {@code L} channels of a position at a time (W3, one chunk of 8 samples, 1 thread: conv1
   * 32 x 784 108 -> 41 us, conv2 64 x 196 54 -> 18 us against the scalar twin's loop), adding the
   * plane sums lane-wise on the way.
   */
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
    int[] index = new int[L];
    for (int j = 0; j < L; j++) {
      index[j] = j * plane;
    }
    float[] lanes = new float[L];
    int c = 0;
    for (; c + L <= channels; c += L) {
      gather(g, gOff + c * plane, index, plane, gt, gtOff + c, oStride, lanes);
      if (sums != null) {
        for (int j = 0; j < L; j++) {
          sums[sumsOff + c + j] = lanes[j];
        }
      }
    }
    for (; c < channels; c++) {
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

  /**
   * {@link #transpose} of {@code L} channels from {@code from}, their plane sums into {@code
   * lanes}; a method of its own for the reason given at {@link #image}.
   */
  private static void gather(
      float[] g, int from, int[] index, int plane, float[] gt, int to, int oStride, float[] lanes) {
    FloatVector sum = FloatVector.zero(F);
    for (int p = 0; p < plane; p++) {
      FloatVector v = FloatVector.fromArray(F, g, from + p, index, 0);
      v.intoArray(gt, to + p * oStride);
      sum = sum.add(v);
    }
    sum.intoArray(lanes, 0);
  }
}
