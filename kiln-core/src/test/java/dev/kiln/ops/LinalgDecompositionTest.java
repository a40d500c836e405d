package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Linalg;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Factorizations of matrices larger and harder than the fixtures' (repeated eigenvalues, rank
 * deficiency, scales far apart), checked by reconstruction and orthogonality in float64.
 */
class LinalgDecompositionTest {
  private static final double TOL = 1e-11;
  private final Generator g = new Generator(7);

  private static double maxAbs(Tensor t) {
    return t.abs().amax().item();
  }

  private static Tensor eye(int n) {
    return Tensor.eye(n, n, DType.FLOAT64);
  }

  private Tensor random(int m, int n) {
    return Tensor.rand(g, DType.FLOAT64, m, n).sub(0.5);
  }

  @Test
  void eighHandlesRepeatedEigenvalues() {
    Tensor q = Linalg.qr(random(12, 12)).q();
    double[] w = {1, 1, 1, 2, 2, -3, -3, -3, 0, 0, 5, 5};
    Tensor a = q.mul(Tensor.of(w).unsqueeze(0)).matmul(q.mT());
    Linalg.Eigh e = Linalg.eigh(a);
    Tensor v = e.eigenvectors();
    assertTrue(maxAbs(v.mul(e.eigenvalues().unsqueeze(0)).matmul(v.mT()).sub(a)) < TOL);
    assertTrue(maxAbs(v.mT().matmul(v).sub(eye(12))) < TOL);
    double[] sorted = w.clone();
    Arrays.sort(sorted);
    double[] got = e.eigenvalues().toDoubleArray();
    for (int i = 0; i < 12; i++) {
      assertEquals(sorted[i], got[i], TOL);
    }
  }

  @Test
  void svdOfRankDeficientAndBadlyScaledMatrices() {
    Tensor lowRank = random(30, 3).matmul(random(3, 20));
    Tensor scaled = random(15, 25).mul(Tensor.logspace(-6, 6, 25, 10, DType.FLOAT64));
    for (Tensor a : new Tensor[] {lowRank, scaled, lowRank.mT()}) {
      Linalg.SVD r = Linalg.svd(a);
      int k = r.s().size(0);
      Tensor rebuilt = r.u().narrow(1, 0, k).mul(r.s().unsqueeze(0)).matmul(r.vh().narrow(0, 0, k));
      assertTrue(maxAbs(rebuilt.sub(a)) < TOL * maxAbs(a));
      assertTrue(maxAbs(r.u().mT().matmul(r.u()).sub(eye(a.size(0)))) < TOL);
      assertTrue(maxAbs(r.vh().matmul(r.vh().mT()).sub(eye(a.size(1)))) < TOL);
      double[] s = r.s().toDoubleArray();
      for (int i = 1; i < s.length; i++) {
        assertTrue(s[i] <= s[i - 1]);
      }
    }
  }

  @Test
  void luQrAndCholeskyRebuildTheirInput() {
    Tensor a = random(40, 40);
    assertTrue(maxAbs(Linalg.inv(a).matmul(a).sub(eye(40))) < 1e-9);
    Tensor b = random(40, 3);
    assertTrue(maxAbs(a.matmul(Linalg.solve(a, b)).sub(b)) < 1e-10);
    Linalg.QR qr = Linalg.qr(random(40, 25), "complete");
    assertTrue(maxAbs(qr.q().mT().matmul(qr.q()).sub(eye(40))) < TOL);
    assertTrue(maxAbs(qr.r().tril(-1)) == 0);
    Tensor spd = a.matmul(a.mT()).add(eye(40));
    Tensor l = Linalg.cholesky(spd);
    assertTrue(maxAbs(l.matmul(l.mT()).sub(spd)) < TOL * maxAbs(spd));
    Linalg.SlogDet sd = Linalg.slogdet(spd);
    double logDet = 2 * l.diagonal().log().sum().item();
    assertEquals(1, sd.sign().item());
    assertEquals(logDet, sd.logabsdet().item(), 1e-9);
  }

  @Test
  void svdOfRankDeficientAndEmptyMatricesIsOrthonormal() {
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {2, 4, 6}, {0, 0, 0}, {1, 2, 3}});
    Linalg.SVD r = Linalg.svd(a);
    assertEquals(
        0,
        r.u().mT().matmul(r.u()).sub(Tensor.eye(4, 4, DType.FLOAT64)).abs().amax().item(),
        1e-12);
    assertEquals(
        0,
        r.vh().matmul(r.vh().mT()).sub(Tensor.eye(3, 3, DType.FLOAT64)).abs().amax().item(),
        1e-12);
    assertEquals(Math.sqrt(6 * 14), r.s().get(0), 1e-12);
    Linalg.SVD empty = Linalg.svd(Tensor.zeros(DType.FLOAT64, 0, 2));
    assertEquals(2, empty.vh().size(0));
    assertEquals(0, empty.s().numel());
  }
}
