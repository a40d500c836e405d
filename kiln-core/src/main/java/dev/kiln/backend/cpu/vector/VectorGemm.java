package dev.kiln.backend.cpu.vector;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 {@code C[M,N] = A[M,K] @ B[K,N]} on the Vector API, blocked the GotoBLAS way: a {@link
 * #KC} x {@link #NC} block of B is packed into panels of {@link #NR} columns, an {@link #MC} x KC
 * block of A into panels of {@link #MR} rows (both zero-padded, both read from any strides, so a
 * transposed operand is never copied first), and a register tile of MR x NR accumulators streams
 * one A panel against one B panel with FMA, then is added into C (zeroed first). Tiles that cross
 * the right or bottom edge of C are merged with scalar code, so no loop uses masked stores. Pack
 * buffers are reused per thread; threads are split by the caller ({@code CpuMatmul} gives each a
 * range of rows). A single row of A goes to {@link VectorGemv} instead.
 */
final class VectorGemm {
  /**
   * The JVM's preferred width: 512 bits where HotSpot enables AVX-512 (JDK 25.0.3 does on this
   * Sapphire Rapids: UseAVX = 3, MaxVectorSize = 64); measured on one thread at n = 512: 130
   * GFLOP/s, against 83 with 256-bit tiles.
   */
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  private static final int L = F.length();

  /** Rows of the register tile: 6 x 2 vectors = 12 accumulators (fits AVX2's 16 registers). */
  private static final int MR = 6;

  /** Columns of the register tile and of a packed B panel. */
  private static final int NR = 2 * L;

  /** Depth of the packed blocks (one KC x NR panel of B stays in L1). */
  private static final int KC = 256;

  /** Rows of A packed at once (an MC x KC block stays in L2). */
  private static final int MC = 96;

  /** Columns of B packed at once (a KC x NC block stays in L2). */
  private static final int NC = 1024;

  /** Per-thread buffers: packed A, packed B, one register tile. */
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(
          () -> new float[][] {new float[MC * KC], new float[KC * NC], new float[MR * NR]});

  private VectorGemm() {}

  static void gemm(
      float[] a,
      int aOff,
      int ars,
      int acs,
      float[] b,
      int bOff,
      int brs,
      int bcs,
      float[] c,
      int cOff,
      int ldc,
      int m,
      int n,
      int k) {
    if (m == 0 || n == 0) {
      return;
    }
    if (m == 1) {
      VectorGemv.gemv(a, aOff, acs, b, bOff, brs, bcs, c, cOff, n, k);
      return;
    }
    // C starts at zero and every tile adds into it, whichever depth block it belongs to
    for (int i = 0; i < m; i++) {
      Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
    }
    if (k == 0) {
      return;
    }
    float[][] buf = BUFFERS.get();
    float[] ap = buf[0];
    float[] bp = buf[1];
    float[] acc = buf[2];
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packB(b, bOff + pc * brs + jc * bcs, brs, bcs, kc, nc, bp);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          packA(a, aOff + ic * ars + pc * acs, ars, acs, mc, kc, ap);
          for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
              int h = Math.min(MR, mc - ir);
              int cAt = cOff + (ic + ir) * ldc + jc + jr;
              tile(ap, ir * kc, bp, jr * kc, kc, acc);
              if (w == NR && h == MR) {
                addTile(acc, c, cAt, ldc);
              } else {
                mergeEdge(acc, h, w, c, cAt, ldc);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Packs {@code mc} rows by {@code kc} columns of A into panels of MR rows: panel {@code i} holds,
   * for each depth {@code p}, its MR values at {@code i * MR * kc + p * MR} (rows past {@code mc}
   * are zero).
   */
  private static void packA(float[] a, int off, int rs, int cs, int mc, int kc, float[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int h = Math.min(MR, mc - ir);
      int base = ir * kc;
      for (int r = 0; r < h; r++) {
        int src = off + (ir + r) * rs;
        for (int p = 0, dst = base + r; p < kc; p++, dst += MR) {
          ap[dst] = a[src + p * cs];
        }
      }
      for (int r = h; r < MR; r++) {
        for (int p = 0, dst = base + r; p < kc; p++, dst += MR) {
          ap[dst] = 0f;
        }
      }
    }
  }

  /**
   * Packs {@code kc} rows by {@code nc} columns of B into panels of NR columns: panel {@code j}
   * holds, for each depth {@code p}, its NR values at {@code j * NR * kc + p * NR} (columns past
   * {@code nc} are zero).
   */
  private static void packB(float[] b, int off, int rs, int cs, int kc, int nc, float[] bp) {
    for (int jr = 0; jr < nc; jr += NR) {
      int w = Math.min(NR, nc - jr);
      int dst = jr * kc;
      for (int p = 0; p < kc; p++, dst += NR) {
        int src = off + p * rs + jr * cs;
        if (cs == 1 && w == NR) {
          FloatVector.fromArray(F, b, src).intoArray(bp, dst);
          FloatVector.fromArray(F, b, src + L).intoArray(bp, dst + L);
        } else {
          for (int j = 0; j < w; j++) {
            bp[dst + j] = b[src + j * cs];
          }
          Arrays.fill(bp, dst + w, dst + NR, 0f);
        }
      }
    }
  }

  /**
   * The MR x NR register tile: one packed A panel against one packed B panel, stored into {@code
   * acc} (row-major, NR columns). Adding into C happens in {@link #addTile}: with the loads and
   * adds of C in this method too, C2 fell back to boxed Vector API code for the whole tile
   * (measured: 134 GFLOP/s with stores only, 37 with C's update here).
   */
  private static void tile(float[] ap, int apOff, float[] bp, int bpOff, int kc, float[] acc) {
    FloatVector c00 = FloatVector.zero(F);
    FloatVector c01 = FloatVector.zero(F);
    FloatVector c10 = FloatVector.zero(F);
    FloatVector c11 = FloatVector.zero(F);
    FloatVector c20 = FloatVector.zero(F);
    FloatVector c21 = FloatVector.zero(F);
    FloatVector c30 = FloatVector.zero(F);
    FloatVector c31 = FloatVector.zero(F);
    FloatVector c40 = FloatVector.zero(F);
    FloatVector c41 = FloatVector.zero(F);
    FloatVector c50 = FloatVector.zero(F);
    FloatVector c51 = FloatVector.zero(F);
    for (int p = 0; p < kc; p++) {
      // indices linear in p, so C2 hoists the bounds checks out of the loop
      int ai = apOff + p * MR;
      int bi = bpOff + p * NR;
      FloatVector b0 = FloatVector.fromArray(F, bp, bi);
      FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
      FloatVector av = FloatVector.broadcast(F, ap[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(F, ap[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(F, ap[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(F, ap[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(F, ap[ai + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(F, ap[ai + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    c00.intoArray(acc, 0);
    c01.intoArray(acc, L);
    c10.intoArray(acc, NR);
    c11.intoArray(acc, NR + L);
    c20.intoArray(acc, 2 * NR);
    c21.intoArray(acc, 2 * NR + L);
    c30.intoArray(acc, 3 * NR);
    c31.intoArray(acc, 3 * NR + L);
    c40.intoArray(acc, 4 * NR);
    c41.intoArray(acc, 4 * NR + L);
    c50.intoArray(acc, 5 * NR);
    c51.intoArray(acc, 5 * NR + L);
  }

  /** Adds a full MR x NR tile into C (C was zeroed, so every depth block just adds). */
  private static void addTile(float[] acc, float[] c, int cOff, int ldc) {
    for (int r = 0; r < MR; r++) {
      for (int j = 0; j < NR; j += L) {
        int at = cOff + r * ldc + j;
        FloatVector.fromArray(F, acc, r * NR + j)
            .add(FloatVector.fromArray(F, c, at))
            .intoArray(c, at);
      }
    }
  }

  /**
   * Adds the first {@code w} columns of {@code rows} scratch tile rows into C. Edge tiles go
   * through this scalar merge instead of masked vector stores: on AVX2 a masked store is not
   * intrinsified, and one such call de-optimises the whole tile loop for every later product
   * (measured: 76 GFLOP/s at 256^3 fell to 8 after one 250^3 product).
   */
  private static void mergeEdge(float[] edge, int rows, int w, float[] c, int cOff, int ldc) {
    for (int r = 0; r < rows; r++) {
      int src = r * NR;
      int dst = cOff + r * ldc;
      for (int j = 0; j < w; j++) {
        c[dst + j] += edge[src + j];
      }
    }
  }
}
