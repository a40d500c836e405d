package dev.kiln.backend.cpu.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 one-row products {@code c[1,N] = a[1,K] @ B[K,N]} on the Vector API, for {@link
 * VectorGemm}: packing B for one row of A costs as much as the product, so a single row reads B in
 * place. When B's columns are contiguous ({@code Linear}'s {@code weight.t()}) each output is a dot
 * product of A's row with one weight row, four at a time; when B's rows are contiguous the row of C
 * accumulates {@code a[p] * B[p, :]}; other strides take a scalar loop. A strided row of A is
 * gathered first. Measured (W2 batch-1 inference with {@code -Dkiln.blas=off}, 2-core VM under
 * load, best sample): 1.24-1.45 ms with the packed GEMM, 0.20-0.37 ms here.
 */
final class VectorGemv {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  private VectorGemv() {}

  /** {@code c[cOff + j] = sum_p a[aOff + p * acs] * b[bOff + p * brs + j * bcs]}, j < n. */
  static void gemv(
      float[] a,
      int aOff,
      int acs,
      float[] b,
      int bOff,
      int brs,
      int bcs,
      float[] c,
      int cOff,
      int n,
      int k) {
    if (acs != 1 && k > 1) {
      float[] row = new float[k];
      for (int p = 0; p < k; p++) {
        row[p] = a[aOff + p * acs];
      }
      a = row;
      aOff = 0;
    }
    if (brs == 1 || k == 1) {
      dots(a, aOff, b, bOff, bcs, c, cOff, n, k);
    } else if (bcs == 1 || n == 1) {
      axpys(a, aOff, b, bOff, brs, c, cOff, n, k);
    } else {
      for (int j = 0; j < n; j++) {
        float s = 0;
        for (int p = 0; p < k; p++) {
          s += a[aOff + p] * b[bOff + p * brs + j * bcs];
        }
        c[cOff + j] = s;
      }
    }
  }

  /** Column {@code j} of B is contiguous from {@code bOff + j * bcs}. */
  private static void dots(
      float[] a, int aOff, float[] b, int bOff, int bcs, float[] c, int cOff, int n, int k) {
    int bound = F.loopBound(k);
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      int b0 = bOff + j * bcs;
      int b1 = b0 + bcs;
      int b2 = b1 + bcs;
      int b3 = b2 + bcs;
      FloatVector s0 = FloatVector.zero(F);
      FloatVector s1 = FloatVector.zero(F);
      FloatVector s2 = FloatVector.zero(F);
      FloatVector s3 = FloatVector.zero(F);
      for (int p = 0; p < bound; p += L) {
        FloatVector av = FloatVector.fromArray(F, a, aOff + p);
        s0 = av.fma(FloatVector.fromArray(F, b, b0 + p), s0);
        s1 = av.fma(FloatVector.fromArray(F, b, b1 + p), s1);
        s2 = av.fma(FloatVector.fromArray(F, b, b2 + p), s2);
        s3 = av.fma(FloatVector.fromArray(F, b, b3 + p), s3);
      }
      float r0 = s0.reduceLanes(VectorOperators.ADD);
      float r1 = s1.reduceLanes(VectorOperators.ADD);
      float r2 = s2.reduceLanes(VectorOperators.ADD);
      float r3 = s3.reduceLanes(VectorOperators.ADD);
      for (int p = bound; p < k; p++) {
        float ap = a[aOff + p];
        r0 += ap * b[b0 + p];
        r1 += ap * b[b1 + p];
        r2 += ap * b[b2 + p];
        r3 += ap * b[b3 + p];
      }
      c[cOff + j] = r0;
      c[cOff + j + 1] = r1;
      c[cOff + j + 2] = r2;
      c[cOff + j + 3] = r3;
    }
    for (; j < n; j++) {
      int bj = bOff + j * bcs;
      FloatVector s = FloatVector.zero(F);
      for (int p = 0; p < bound; p += L) {
        s = FloatVector.fromArray(F, a, aOff + p).fma(FloatVector.fromArray(F, b, bj + p), s);
      }
      float r = s.reduceLanes(VectorOperators.ADD);
      for (int p = bound; p < k; p++) {
        r += a[aOff + p] * b[bj + p];
      }
      c[cOff + j] = r;
    }
  }

  /** Row {@code p} of B is contiguous from {@code bOff + p * brs}. */
  private static void axpys(
      float[] a, int aOff, float[] b, int bOff, int brs, float[] c, int cOff, int n, int k) {
    int bound = F.loopBound(n);
    for (int j = 0; j < n; j++) {
      c[cOff + j] = 0f;
    }
    for (int p = 0; p < k; p++) {
      float ap = a[aOff + p];
      int bp = bOff + p * brs;
      FloatVector av = FloatVector.broadcast(F, ap);
      for (int j = 0; j < bound; j += L) {
        av.fma(FloatVector.fromArray(F, b, bp + j), FloatVector.fromArray(F, c, cOff + j))
            .intoArray(c, cOff + j);
      }
      for (int j = bound; j < n; j++) {
        c[cOff + j] += ap * b[bp + j];
      }
    }
  }
}
