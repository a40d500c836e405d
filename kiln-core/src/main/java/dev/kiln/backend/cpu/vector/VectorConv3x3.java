package dev.kiln.backend.cpu.vector;

import dev.kiln.backend.cpu.conv.Conv3x3Kernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link Conv3x3Kernel}: 8 output channels x 2 vectors of grid positions are held in
 * 16 accumulators; each tap loads 2 input vectors (shifted, unaligned) and broadcasts 8 weights.
 * Positions step by {@code 3 * L} (L = lanes: 4, 8 or 16, so {@code 3 * L} divides {@link
 * Conv3x3Kernel#STEP}). {@link #taps} holds 2 rows x 9 taps in 18 accumulators: each loaded input
 * vector feeds both rows (10 loads per 9 fused multiply-adds before). Loaded by name from {@link
 * Conv3x3Kernel#get}.
 */
public final class VectorConv3x3 implements Conv3x3Kernel {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  /**
   * Public for the reflective loader.
   *
   * @throws IllegalStateException when {@code 3 * L} does not divide {@code STEP}
   */
  public VectorConv3x3() {
    if (STEP % (3 * L) != 0) {
      throw new IllegalStateException("VectorConv3x3: " + L + " lanes do not divide STEP / 3");
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
    FloatVector z = FloatVector.zero(F);
    int r1 = gOff + gStride;
    int s1 = sumsOff + sumsStride;
    for (int k0 = 0; k0 < len; k0 += RUN) {
      int end = Math.min(len, k0 + RUN);
      FloatVector s00 = z;
      FloatVector s01 = z;
      FloatVector s02 = z;
      FloatVector s03 = z;
      FloatVector s04 = z;
      FloatVector s05 = z;
      FloatVector s06 = z;
      FloatVector s07 = z;
      FloatVector s08 = z;
      FloatVector s10 = z;
      FloatVector s11 = z;
      FloatVector s12 = z;
      FloatVector s13 = z;
      FloatVector s14 = z;
      FloatVector s15 = z;
      FloatVector s16 = z;
      FloatVector s17 = z;
      FloatVector s18 = z;
      for (int k = k0; k < end; k += L) {
        FloatVector g0 = FloatVector.fromArray(F, g, gOff + k);
        FloatVector g1 = FloatVector.fromArray(F, g, r1 + k);
        FloatVector v;
        v = FloatVector.fromArray(F, x, xOff + 0 * rowWidth + 0 + k);
        s00 = v.fma(g0, s00);
        s10 = v.fma(g1, s10);
        v = FloatVector.fromArray(F, x, xOff + 0 * rowWidth + 1 + k);
        s01 = v.fma(g0, s01);
        s11 = v.fma(g1, s11);
        v = FloatVector.fromArray(F, x, xOff + 0 * rowWidth + 2 + k);
        s02 = v.fma(g0, s02);
        s12 = v.fma(g1, s12);
        v = FloatVector.fromArray(F, x, xOff + 1 * rowWidth + 0 + k);
        s03 = v.fma(g0, s03);
        s13 = v.fma(g1, s13);
        v = FloatVector.fromArray(F, x, xOff + 1 * rowWidth + 1 + k);
        s04 = v.fma(g0, s04);
        s14 = v.fma(g1, s14);
        v = FloatVector.fromArray(F, x, xOff + 1 * rowWidth + 2 + k);
        s05 = v.fma(g0, s05);
        s15 = v.fma(g1, s15);
        v = FloatVector.fromArray(F, x, xOff + 2 * rowWidth + 0 + k);
        s06 = v.fma(g0, s06);
        s16 = v.fma(g1, s16);
        v = FloatVector.fromArray(F, x, xOff + 2 * rowWidth + 1 + k);
        s07 = v.fma(g0, s07);
        s17 = v.fma(g1, s17);
        v = FloatVector.fromArray(F, x, xOff + 2 * rowWidth + 2 + k);
        s08 = v.fma(g0, s08);
        s18 = v.fma(g1, s18);
      }
      sums[sumsOff + 0] += s00.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 1] += s01.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 2] += s02.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 3] += s03.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 4] += s04.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 5] += s05.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 6] += s06.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 7] += s07.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 8] += s08.reduceLanes(VectorOperators.ADD);
      sums[s1 + 0] += s10.reduceLanes(VectorOperators.ADD);
      sums[s1 + 1] += s11.reduceLanes(VectorOperators.ADD);
      sums[s1 + 2] += s12.reduceLanes(VectorOperators.ADD);
      sums[s1 + 3] += s13.reduceLanes(VectorOperators.ADD);
      sums[s1 + 4] += s14.reduceLanes(VectorOperators.ADD);
      sums[s1 + 5] += s15.reduceLanes(VectorOperators.ADD);
      sums[s1 + 6] += s16.reduceLanes(VectorOperators.ADD);
      sums[s1 + 7] += s17.reduceLanes(VectorOperators.ADD);
      sums[s1 + 8] += s18.reduceLanes(VectorOperators.ADD);
    }
  }
}
