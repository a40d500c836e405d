package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Linalg;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;
import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.linalg}'s factorizations and what builds on them: {@code inv}, {@code det}, {@code
 * slogdet}, {@code solve} (LU with partial pivoting), {@code cholesky}, {@code qr}, {@code eigh}
 * and {@code svd}. Inputs are float32 or float64 stacks of matrices in the last two dims; every
 * matrix is factored in float64 by {@link DecompositionKernels} and results are cast back to the
 * input dtype.
 *
 * <p>Derivatives ({@link DecompositionGrads}) record for every op except qr in mode r or in
 * complete mode of tall matrices, and svd with full non-square factors, which refuse. cholesky and
 * eigh read one triangle, so their gradient lies on that triangle (PyTorch gives the symmetric
 * gradient instead; the two agree for any input built symmetric). They are undefined at singular
 * inputs (inv, det, solve), repeated eigenvalues (eigh) and repeated or zero singular values (svd).
 */
public final class DecompositionOps {
  private DecompositionOps() {}

  public static final PrimitiveOp INV = new PrimitiveOp("inv");
  public static final PrimitiveOp DET = new PrimitiveOp("det");
  public static final PrimitiveOp SLOGDET = new PrimitiveOp("slogdet");
  public static final PrimitiveOp SOLVE = new PrimitiveOp("solve");
  public static final PrimitiveOp CHOLESKY = new PrimitiveOp("cholesky");
  public static final PrimitiveOp QR = new PrimitiveOp("qr");
  public static final PrimitiveOp EIGH = new PrimitiveOp("eigh");
  public static final PrimitiveOp SVD = new PrimitiveOp("svd");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(INV, DET, SLOGDET, SOLVE, CHOLESKY, QR, EIGH, SVD);

  /** The matrices of a tensor, copied to float64, with the batch shape and matrix size. */
  private record Batch(double[] data, int[] batch, int m, int n, DType dtype) {
    int count() {
      return Shapes.numel(batch);
    }

    double[] matrix(int i) {
      return Arrays.copyOfRange(data, i * m * n, (i + 1) * m * n);
    }

    int[] shape(int... tail) {
      return MatmulOps.concat(batch, tail);
    }
  }

  private static Batch matrices(String op, Tensor x, boolean square) {
    if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
      throw new IllegalArgumentException(
          op + ": expected a float32 or float64 tensor, got " + x.dtype());
    }
    LinalgOps.requireMatrix(op, x);
    int m = x.size(-2);
    int n = x.size(-1);
    if (square && m != n) {
      throw new IllegalArgumentException(
          op + ": expected square matrices, got shape " + Shapes.str(x.shape()));
    }
    int[] batch = Arrays.copyOf(x.shape(), x.dim() - 2);
    return new Batch(x.toDoubleArray(), batch, m, n, x.dtype());
  }

  private static Tensor tensor(double[] data, DType dtype, int[] shape) {
    return Tensor.wrap(new Storage.DoubleStorage(data), DType.FLOAT64, shape).to(dtype);
  }

  /** An LU factorization of one matrix. */
  private record Lu(double[] lu, int[] perm, int sign, int n) {
    static Lu of(double[] a, int n) {
      int[] perm = new int[n];
      int sign = DecompositionKernels.lu(a, n, perm);
      return new Lu(a, perm, sign, n);
    }

    /** Solves {@code A X = B} for n x k B, failing for a singular A. */
    double[] solve(String op, Tensor input, int index, double[] b, int k) {
      int z = DecompositionKernels.zeroPivot(lu, n);
      if (z >= 0) {
        throw new ArithmeticException(
            op
                + ": input of shape "
                + Shapes.str(input.shape())
                + " is singular (matrix "
                + index
                + " has a zero pivot in column "
                + z
                + ")");
      }
      return DecompositionKernels.luSolve(lu, perm, n, b, k);
    }
  }

  /**
   * The inverse of each square matrix.
   *
   * @throws ArithmeticException for a singular matrix
   */
  public static Tensor inv(Tensor a) {
    Batch b = matrices(INV.name(), a, true);
    int n = b.n();
    double[] eye = new double[n * n];
    for (int i = 0; i < n; i++) {
      eye[i * n + i] = 1;
    }
    double[] out = new double[b.data().length];
    for (int i = 0; i < b.count(); i++) {
      double[] x = Lu.of(b.matrix(i), n).solve(INV.name(), a, i, eye, n);
      System.arraycopy(x, 0, out, i * n * n, n * n);
    }
    return Autograd.record(
        INV.name(), tensor(out, b.dtype(), a.shape()), DecompositionGrads::inv, a);
  }

  /** The determinant of each square matrix (1 for 0 x 0). */
  public static Tensor det(Tensor a) {
    Batch b = matrices(DET.name(), a, true);
    double[] out = new double[b.count()];
    for (int i = 0; i < b.count(); i++) {
      Lu f = Lu.of(b.matrix(i), b.n());
      double d = f.sign();
      for (int j = 0; j < b.n(); j++) {
        d *= f.lu()[j * b.n() + j];
      }
      out[i] = d;
    }
    return Autograd.record(
        DET.name(), tensor(out, b.dtype(), b.batch()), DecompositionGrads::det, a);
  }

  /**
   * The sign (-1, 0 or 1) and the log of the absolute value of each determinant; a singular matrix
   * gives sign 0 and -inf.
   */
  public static Linalg.SlogDet slogdet(Tensor a) {
    Batch b = matrices(SLOGDET.name(), a, true);
    double[] sign = new double[b.count()];
    double[] log = new double[b.count()];
    for (int i = 0; i < b.count(); i++) {
      Lu f = Lu.of(b.matrix(i), b.n());
      double s = f.sign();
      double l = 0;
      for (int j = 0; j < b.n(); j++) {
        double d = f.lu()[j * b.n() + j];
        s *= Math.signum(d);
        l += Math.log(Math.abs(d));
      }
      sign[i] = s;
      log[i] = s == 0 ? Double.NEGATIVE_INFINITY : l;
    }
    Tensor logabsdet =
        Autograd.record(
            SLOGDET.name(), tensor(log, b.dtype(), b.batch()), DecompositionGrads::logabsdet, a);
    return new Linalg.SlogDet(tensor(sign, b.dtype(), b.batch()), logabsdet);
  }

  /**
   * The solution X of {@code A X = B}. B is a stack of vectors when it is 1-D or has A's shape
   * without the last dim, else a stack of n x k matrices; batch dims broadcast.
   *
   * @throws ArithmeticException for a singular A
   */
  public static Tensor solve(Tensor a, Tensor b) {
    String op = SOLVE.name();
    boolean vector =
        b.dim() == 1
            || (b.dim() == a.dim() - 1
                && Arrays.equals(b.shape(), Arrays.copyOf(a.shape(), a.dim() - 1)));
    Tensor b2 = vector ? b.unsqueeze(-1) : b;
    DType t = TypePromotion.promoteTypes(a.dtype(), b.dtype());
    matrices(op, a, true);
    int n = a.size(-1);
    if (b2.dim() < 2 || b2.size(-2) != n) {
      throw new IllegalArgumentException(
          op
              + ": shapes "
              + Shapes.str(a.shape())
              + " and "
              + Shapes.str(b.shape())
              + " are incompatible (B needs "
              + n
              + " rows)");
    }
    int k = b2.size(-1);
    int[] batch =
        Shapes.broadcast(
            op, Arrays.copyOf(a.shape(), a.dim() - 2), Arrays.copyOf(b2.shape(), b2.dim() - 2));
    Batch as = matrices(op, a.to(t).expand(MatmulOps.concat(batch, n, n)), true);
    Batch bs = matrices(op, b2.to(t).expand(MatmulOps.concat(batch, n, k)), false);
    double[] out = new double[bs.data().length];
    for (int i = 0; i < as.count(); i++) {
      double[] x = Lu.of(as.matrix(i), n).solve(op, a, i, bs.matrix(i), k);
      System.arraycopy(x, 0, out, i * n * k, n * k);
    }
    Tensor x = tensor(out, t, bs.shape(n, k));
    return Autograd.record(op, vector ? x.squeeze(-1) : x, DecompositionGrads.solve(vector), a, b);
  }

  /**
   * The Cholesky factor of each symmetric positive-definite matrix (lower triangle read): lower L
   * with {@code L Lᵀ = A}, or its transpose when {@code upper}.
   *
   * @throws ArithmeticException for a matrix that is not positive-definite
   */
  public static Tensor cholesky(Tensor a, boolean upper) {
    Batch b = matrices(CHOLESKY.name(), a, true);
    int n = b.n();
    double[] out = new double[b.data().length];
    for (int i = 0; i < b.count(); i++) {
      double[] l = new double[n * n];
      int minor = DecompositionKernels.cholesky(b.matrix(i), n, l);
      if (minor >= 0) {
        throw new ArithmeticException(
            CHOLESKY.name()
                + ": input of shape "
                + Shapes.str(a.shape())
                + " is not positive-definite (matrix "
                + i
                + ", leading minor of order "
                + minor
                + ")");
      }
      System.arraycopy(l, 0, out, i * n * n, n * n);
    }
    Tensor l =
        Autograd.record(
            CHOLESKY.name(), tensor(out, b.dtype(), a.shape()), DecompositionGrads::cholesky, a);
    return upper ? l.mT().contiguous() : l;
  }

  /**
   * The QR factorization {@code A = Q R} of each m x n matrix, k = min(m, n): {@code "reduced"}
   * gives Q m x k and R k x n, {@code "complete"} Q m x m and R m x n, {@code "r"} only the reduced
   * R (Q is empty). R's diagonal may have either sign.
   */
  public static Linalg.QR qr(Tensor a, String mode) {
    if (!List.of("reduced", "complete", "r").contains(mode)) {
      throw new IllegalArgumentException(
          QR.name() + ": mode must be reduced, complete or r, got \"" + mode + "\"");
    }
    Batch b = matrices(QR.name(), a, false);
    int m = b.m();
    int n = b.n();
    // complete equals reduced for m <= n; complete's extra columns of Q (m > n) and mode r (no Q)
    // have no derivative
    boolean differentiable = mode.equals("reduced") || (mode.equals("complete") && m <= n);
    if (!differentiable) {
      Autograd.refuseRecording(
          QR.name() + " in mode " + mode + " of " + m + " x " + n + " matrices", a);
    }
    double[] q = new double[b.count() * m * m];
    double[] r = new double[b.data().length];
    for (int i = 0; i < b.count(); i++) {
      double[] qi = new double[m * m];
      double[] ri = new double[m * n];
      DecompositionKernels.qr(b.matrix(i), m, n, qi, ri);
      System.arraycopy(qi, 0, q, i * m * m, m * m);
      System.arraycopy(ri, 0, r, i * m * n, m * n);
    }
    Tensor qt = tensor(q, b.dtype(), b.shape(m, m));
    Tensor rt = tensor(r, b.dtype(), b.shape(m, n));
    int k = Math.min(m, n);
    if (!differentiable) {
      return mode.equals("complete")
          ? new Linalg.QR(qt, rt)
          : new Linalg.QR(Tensor.empty(b.dtype(), 0), rt.narrow(-2, 0, k).contiguous());
    }
    Tensor[] qr =
        DecompositionGrads.recordAll(
            QR.name(),
            new Tensor[] {qt.narrow(-1, 0, k).contiguous(), rt.narrow(-2, 0, k).contiguous()},
            b.batch(),
            DecompositionGrads::qr,
            a);
    return new Linalg.QR(qr[0], qr[1]);
  }

  /**
   * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of each symmetric matrix, read
   * from its lower ({@code "L"}) or upper ({@code "U"}) triangle.
   */
  public static Linalg.Eigh eigh(Tensor a, String uplo) {
    if (!uplo.equals("L") && !uplo.equals("U")) {
      throw new IllegalArgumentException(
          EIGH.name() + ": UPLO must be \"L\" or \"U\", got \"" + uplo + "\"");
    }
    Tensor lower = uplo.equals("L") ? a : a.mT();
    Batch b = matrices(EIGH.name(), lower, true);
    int n = b.n();
    double[] w = new double[b.count() * n];
    double[] v = new double[b.data().length];
    for (int i = 0; i < b.count(); i++) {
      double[] wi = new double[n];
      double[] vi = new double[n * n];
      DecompositionKernels.eigh(b.matrix(i), n, wi, vi);
      System.arraycopy(wi, 0, w, i * n, n);
      System.arraycopy(vi, 0, v, i * n * n, n * n);
    }
    Tensor[] wv =
        DecompositionGrads.recordAll(
            EIGH.name(),
            new Tensor[] {tensor(w, b.dtype(), b.shape(n)), tensor(v, b.dtype(), a.shape())},
            b.batch(),
            DecompositionGrads::eigh,
            lower);
    return new Linalg.Eigh(wv[0], wv[1]);
  }

  /**
   * The singular value decomposition {@code A = U diag(S) Vh} of each m x n matrix, S descending, k
   * = min(m, n): U is m x m and Vh n x n when {@code fullMatrices}, else m x k and k x n. Singular
   * vectors are unique only up to sign (and rotation within repeated values).
   */
  public static Linalg.SVD svd(Tensor a, boolean fullMatrices) {
    Batch b = matrices(SVD.name(), a, false);
    int m = b.m();
    int n = b.n();
    if (fullMatrices && m != n) {
      Autograd.refuseRecording(
          SVD.name() + " with full matrices of " + m + " x " + n + " matrices", a);
    }
    boolean tall = m >= n;
    int rows = Math.max(m, n);
    int k = Math.min(m, n);
    int bigCols = fullMatrices ? rows : k;
    double[] big = new double[b.count() * rows * bigCols];
    double[] small = new double[b.count() * k * k];
    double[] s = new double[b.count() * k];
    for (int i = 0; i < b.count(); i++) {
      double[] x = tall ? b.matrix(i) : transpose(b.matrix(i), m, n);
      double[] p = new double[rows * k];
      double[] si = new double[k];
      double[] q = new double[k * k];
      DecompositionKernels.svdTall(x, rows, k, p, si, q);
      double[] pb = new double[rows * bigCols];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(p, r * k, pb, r * bigCols, k);
      }
      DecompositionKernels.completeColumns(pb, rows, bigCols, k);
      System.arraycopy(pb, 0, big, i * rows * bigCols, rows * bigCols);
      System.arraycopy(q, 0, small, i * k * k, k * k);
      System.arraycopy(si, 0, s, i * k, k);
    }
    Tensor bigT = tensor(big, b.dtype(), b.shape(rows, bigCols));
    Tensor smallT = tensor(small, b.dtype(), b.shape(k, k));
    Tensor u = tall ? bigT : smallT;
    Tensor v = tall ? smallT : bigT;
    Tensor[] usv =
        DecompositionGrads.recordAll(
            SVD.name(),
            new Tensor[] {u, tensor(s, b.dtype(), b.shape(k)), v.mT().contiguous()},
            b.batch(),
            DecompositionGrads::svd,
            a);
    return new Linalg.SVD(usv[0], usv[1], usv[2]);
  }

  private static double[] transpose(double[] x, int m, int n) {
    double[] t = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        t[j * m + i] = x[i * n + j];
      }
    }
    return t;
  }
}
