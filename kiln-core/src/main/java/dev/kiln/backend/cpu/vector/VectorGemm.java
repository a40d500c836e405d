package dev.kiln.backend.cpu.vector;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-major float32 {@code C[M,N] = A[M,K] @ B[K,N]} on the Vector API, blocked in the GotoBLAS
 * way: B is packed into panels of {@link #NR} columns by {@link #KC} rows (zero-padded at the right
 * edge), and a register tile of {@link #MR} rows by {@link #NR} columns accumulates with FMA while
 * streaming one packed panel; leftover rows take a one-row tile. Correctness first: A is read in
 * place and there is no threading here ({@code CpuBackend.matmul} splits rows across threads).
 */
final class VectorGemm {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  /** Rows of the register tile: 6 x 2 vectors = 12 accumulators, within 16 AVX registers. */
  private static final int MR = 6;

  /** Columns of the register tile and of a packed panel. */
  private static final int NR = 2 * L;

  /** Depth of a packed panel (KC x NR floats stay in L1). */
  private static final int KC = 256;

  /** Columns packed at once (a KC x NC block of B stays in L2). */
  private static final int NC = 512;

  private VectorGemm() {}

  static void gemm(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k) {
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      for (int i = 0; i < m; i++) {
        Arrays.fill(c, cOff + i * n, cOff + i * n + n, 0f);
      }
      return;
    }
    float[] packed = new float[Math.min(k, KC) * roundUp(Math.min(n, NC), NR)];
    float[] edge = new float[MR * NR];
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        pack(b, bOff + pc * n + jc, n, kc, nc, packed);
        boolean first = pc == 0;
        int i = 0;
        for (; i + MR <= m; i += MR) {
          for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int cAt = cOff + i * n + jc + jr;
            if (w == NR) {
              tile(a, aOff + i * k + pc, k, packed, jr * kc, kc, c, cAt, n, first);
            } else {
              tile(a, aOff + i * k + pc, k, packed, jr * kc, kc, edge, 0, NR, true);
              mergeEdge(edge, MR, w, c, cAt, n, first);
            }
          }
        }
        for (; i < m; i++) {
          for (int jr = 0; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int cAt = cOff + i * n + jc + jr;
            if (w == NR) {
              row(a, aOff + i * k + pc, packed, jr * kc, kc, c, cAt, first);
            } else {
              row(a, aOff + i * k + pc, packed, jr * kc, kc, edge, 0, true);
              mergeEdge(edge, 1, w, c, cAt, n, first);
            }
          }
        }
      }
    }
  }

  private static int roundUp(int x, int to) {
    return (x + to - 1) / to * to;
  }

  /**
   * Packs {@code kc} rows by {@code nc} columns of B (row stride {@code ldb}) into panels: panel
   * {@code j} holds, for each row {@code p}, its {@code NR} columns at {@code j * NR * kc + p *
   * NR}.
   */
  private static void pack(float[] b, int bOff, int ldb, int kc, int nc, float[] packed) {
    for (int jr = 0; jr < nc; jr += NR) {
      int w = Math.min(NR, nc - jr);
      int dst = jr * kc;
      for (int p = 0; p < kc; p++, dst += NR) {
        int src = bOff + p * ldb + jr;
        if (w == NR) {
          FloatVector.fromArray(F, b, src).intoArray(packed, dst);
          FloatVector.fromArray(F, b, src + L).intoArray(packed, dst + L);
        } else {
          System.arraycopy(b, src, packed, dst, w);
          Arrays.fill(packed, dst + w, dst + NR, 0f);
        }
      }
    }
  }

  /** The MR x NR register tile over one packed panel; writes {@code w} columns of C. */
  private static void tile(
      float[] a,
      int aOff,
      int lda,
      float[] bp,
      int bpOff,
      int kc,
      float[] c,
      int cOff,
      int ldc,
      boolean first) {
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
    int a0 = aOff;
    int a1 = aOff + lda;
    int a2 = aOff + 2 * lda;
    int a3 = aOff + 3 * lda;
    int a4 = aOff + 4 * lda;
    int a5 = aOff + 5 * lda;
    for (int p = 0; p < kc; p++) {
      int bi = bpOff + p * NR;
      FloatVector b0 = FloatVector.fromArray(F, bp, bi);
      FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
      FloatVector av = FloatVector.broadcast(F, a[a0 + p]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(F, a[a1 + p]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(F, a[a2 + p]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(F, a[a3 + p]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(F, a[a4 + p]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(F, a[a5 + p]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    store(c00, c01, c, cOff, first);
    store(c10, c11, c, cOff + ldc, first);
    store(c20, c21, c, cOff + 2 * ldc, first);
    store(c30, c31, c, cOff + 3 * ldc, first);
    store(c40, c41, c, cOff + 4 * ldc, first);
    store(c50, c51, c, cOff + 5 * ldc, first);
  }

  /** One row of A against one packed panel (the rows left over after the MR tiles). */
  private static void row(
      float[] a, int aOff, float[] bp, int bpOff, int kc, float[] c, int cOff, boolean first) {
    FloatVector c0 = FloatVector.zero(F);
    FloatVector c1 = FloatVector.zero(F);
    for (int p = 0; p < kc; p++) {
      int bi = bpOff + p * NR;
      FloatVector av = FloatVector.broadcast(F, a[aOff + p]);
      c0 = av.fma(FloatVector.fromArray(F, bp, bi), c0);
      c1 = av.fma(FloatVector.fromArray(F, bp, bi + L), c1);
    }
    store(c0, c1, c, cOff, first);
  }

  /** Writes (first panel) or adds (later panels) a full tile row of NR columns. */
  private static void store(FloatVector v0, FloatVector v1, float[] c, int off, boolean first) {
    put(v0, c, off, first);
    put(v1, c, off + L, first);
  }

  /**
   * Copies (first panel) or adds the first {@code w} columns of {@code rows} scratch tile rows into
   * C. Edge panels go through this scalar merge instead of masked vector stores: on AVX2 a masked
   * store is not intrinsified, and one such call de-optimises the whole tile loop for every later
   * product (measured: 76 GFLOP/s at 256^3 fell to 8 after one 250^3 product).
   */
  private static void mergeEdge(
      float[] edge, int rows, int w, float[] c, int cOff, int ldc, boolean first) {
    for (int r = 0; r < rows; r++) {
      int src = r * NR;
      int dst = cOff + r * ldc;
      for (int j = 0; j < w; j++) {
        c[dst + j] = first ? edge[src + j] : c[dst + j] + edge[src + j];
      }
    }
  }

  private static void put(FloatVector v, float[] c, int off, boolean first) {
    (first ? v : v.add(FloatVector.fromArray(F, c, off))).intoArray(c, off);
  }
}
