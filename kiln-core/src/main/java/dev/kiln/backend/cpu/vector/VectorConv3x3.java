package dev.kiln.backend.cpu.vector;

import dev.kiln.backend.cpu.conv.Conv3x3Kernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API {@link Conv3x3Kernel}: 8 output channels x 2 vectors of grid positions are held in
 * 16 accumulators; each tap loads 2 input vectors (shifted, unaligned) and broadcasts 8 weights.
 * Positions step by {@code 3 * L} (L = lanes: 4, 8 or 16, so {@code 3 * L} divides {@link
 * Conv3x3Kernel#STEP}). Loaded by name from {@link Conv3x3Kernel#get}.
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
      float[] g, int gOff, float[] x, int xOff, int len, int rowWidth, double[] sums, int sumsOff) {
    FloatVector z = FloatVector.zero(F);
    for (int k0 = 0; k0 < len; k0 += RUN) {
      int end = Math.min(len, k0 + RUN);
      FloatVector s0 = z;
      FloatVector s1 = z;
      FloatVector s2 = z;
      FloatVector s3 = z;
      FloatVector s4 = z;
      FloatVector s5 = z;
      FloatVector s6 = z;
      FloatVector s7 = z;
      FloatVector s8 = z;
      for (int k = k0; k < end; k += L) {
        FloatVector gv = FloatVector.fromArray(F, g, gOff + k);
        s0 = FloatVector.fromArray(F, x, xOff + 0 * rowWidth + 0 + k).fma(gv, s0);
        s1 = FloatVector.fromArray(F, x, xOff + 0 * rowWidth + 1 + k).fma(gv, s1);
        s2 = FloatVector.fromArray(F, x, xOff + 0 * rowWidth + 2 + k).fma(gv, s2);
        s3 = FloatVector.fromArray(F, x, xOff + 1 * rowWidth + 0 + k).fma(gv, s3);
        s4 = FloatVector.fromArray(F, x, xOff + 1 * rowWidth + 1 + k).fma(gv, s4);
        s5 = FloatVector.fromArray(F, x, xOff + 1 * rowWidth + 2 + k).fma(gv, s5);
        s6 = FloatVector.fromArray(F, x, xOff + 2 * rowWidth + 0 + k).fma(gv, s6);
        s7 = FloatVector.fromArray(F, x, xOff + 2 * rowWidth + 1 + k).fma(gv, s7);
        s8 = FloatVector.fromArray(F, x, xOff + 2 * rowWidth + 2 + k).fma(gv, s8);
      }
      sums[sumsOff + 0] += s0.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 1] += s1.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 2] += s2.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 3] += s3.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 4] += s4.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 5] += s5.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 6] += s6.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 7] += s7.reduceLanes(VectorOperators.ADD);
      sums[sumsOff + 8] += s8.reduceLanes(VectorOperators.ADD);
    }
  }
}
