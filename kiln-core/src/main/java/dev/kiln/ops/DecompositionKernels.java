package dev.kiln.ops;

import java.util.Arrays;

/**
 * Dense float64 factorizations of one row-major matrix, in plain Java (correctness first): LU with
 * partial pivoting, Cholesky, Householder QR, cyclic Jacobi for symmetric eigenproblems and
 * one-sided (Hestenes) Jacobi for the SVD. {@link DecompositionOps} batches and checks around them.
 */
final class DecompositionKernels {
  private DecompositionKernels() {}

  /** Sweeps after which Jacobi iterations stop even if not converged (they converge in ~10). */
  private static final int MAX_SWEEPS = 100;

  private static final double EPS = 0x1p-52;

  /**
   * LU-factors the n x n matrix {@code a} in place (unit-lower L below the diagonal, U on and
   * above), recording row swaps in {@code perm} ({@code perm[i]} is the original row now at i). A
   * zero pivot column is skipped, leaving a zero on U's diagonal.
   *
   * @return the permutation's sign, +1 or -1
   */
  static int lu(double[] a, int n, int[] perm) {
    int sign = 1;
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int j = 0; j < n; j++) {
      int p = j;
      for (int i = j + 1; i < n; i++) {
        if (Math.abs(a[i * n + j]) > Math.abs(a[p * n + j])) {
          p = i;
        }
      }
      if (p != j) {
        for (int c = 0; c < n; c++) {
          double t = a[j * n + c];
          a[j * n + c] = a[p * n + c];
          a[p * n + c] = t;
        }
        int t = perm[j];
        perm[j] = perm[p];
        perm[p] = t;
        sign = -sign;
      }
      double pivot = a[j * n + j];
      if (pivot == 0) {
        continue;
      }
      for (int i = j + 1; i < n; i++) {
        double f = a[i * n + j] / pivot;
        a[i * n + j] = f;
        if (f != 0) {
          for (int c = j + 1; c < n; c++) {
            a[i * n + c] -= f * a[j * n + c];
          }
        }
      }
    }
    return sign;
  }

  /** The first zero on U's diagonal of an LU factorization, or -1. */
  static int zeroPivot(double[] lu, int n) {
    for (int i = 0; i < n; i++) {
      if (lu[i * n + i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Solves {@code A X = B} for n x k {@code b} given A's LU factors (U has no zero pivot). */
  static double[] luSolve(double[] lu, int[] perm, int n, double[] b, int k) {
    double[] x = new double[n * k];
    for (int i = 0; i < n; i++) {
      System.arraycopy(b, perm[i] * k, x, i * k, k);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double f = lu[i * n + j];
        for (int c = 0; c < k; c++) {
          x[i * k + c] -= f * x[j * k + c];
        }
      }
    }
    for (int i = n - 1; i >= 0; i--) {
      for (int j = i + 1; j < n; j++) {
        double f = lu[i * n + j];
        for (int c = 0; c < k; c++) {
          x[i * k + c] -= f * x[j * k + c];
        }
      }
      double d = lu[i * n + i];
      for (int c = 0; c < k; c++) {
        x[i * k + c] /= d;
      }
    }
    return x;
  }

  /**
   * The lower Cholesky factor of the symmetric n x n matrix {@code a} (its lower triangle is read)
   * written into {@code l}.
   *
   * @return -1, or the order (1-based) of the first leading minor that is not positive-definite
   */
  static int cholesky(double[] a, int n, double[] l) {
    for (int j = 0; j < n; j++) {
      double d = a[j * n + j];
      for (int c = 0; c < j; c++) {
        d -= l[j * n + c] * l[j * n + c];
      }
      if (!(d > 0)) {
        return j + 1;
      }
      double root = Math.sqrt(d);
      l[j * n + j] = root;
      for (int i = j + 1; i < n; i++) {
        double s = a[i * n + j];
        for (int c = 0; c < j; c++) {
          s -= l[i * n + c] * l[j * n + c];
        }
        l[i * n + j] = s / root;
      }
    }
    return -1;
  }

  /**
   * Householder QR of the m x n matrix {@code a}: fills {@code q} (m x m, orthogonal) and {@code r}
   * (m x n, upper triangular) with {@code Q R = A}.
   */
  static void qr(double[] a, int m, int n, double[] q, double[] r) {
    System.arraycopy(a, 0, r, 0, m * n);
    for (int i = 0; i < m; i++) {
      q[i * m + i] = 1;
    }
    double[] v = new double[m];
    for (int j = 0; j < Math.min(m - 1, n); j++) {
      double norm = 0;
      for (int i = j; i < m; i++) {
        norm += r[i * n + j] * r[i * n + j];
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        continue;
      }
      double alpha = r[j * n + j] > 0 ? -norm : norm;
      double vnorm = 0;
      for (int i = j; i < m; i++) {
        v[i] = r[i * n + j] - (i == j ? alpha : 0);
        vnorm += v[i] * v[i];
      }
      if (vnorm == 0) {
        continue;
      }
      double scale = 2 / vnorm;
      for (int c = j; c < n; c++) {
        double s = 0;
        for (int i = j; i < m; i++) {
          s += v[i] * r[i * n + c];
        }
        s *= scale;
        for (int i = j; i < m; i++) {
          r[i * n + c] -= s * v[i];
        }
      }
      for (int row = 0; row < m; row++) {
        double s = 0;
        for (int i = j; i < m; i++) {
          s += q[row * m + i] * v[i];
        }
        s *= scale;
        for (int i = j; i < m; i++) {
          q[row * m + i] -= s * v[i];
        }
      }
      for (int i = j + 1; i < m; i++) {
        r[i * n + j] = 0;
      }
    }
  }

  /**
   * Eigen-decomposition of the symmetric n x n matrix whose lower triangle is {@code a}: ascending
   * eigenvalues into {@code w}, the matching unit eigenvectors as the columns of {@code v}.
   */
  static void eigh(double[] a, int n, double[] w, double[] v) {
    double[] s = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        s[i * n + j] = a[i * n + j];
        s[j * n + i] = a[i * n + j];
      }
      v[i * n + i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = s[p * n + q];
          double app = s[p * n + p];
          double aqq = s[q * n + q];
          if (Math.abs(apq) > EPS * Math.sqrt(Math.abs(app * aqq))) {
            rotated = true;
            double theta = (aqq - app) / (2 * apq);
            double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
            t = theta == 0 ? 1 : t;
            double c = 1 / Math.sqrt(t * t + 1);
            rotateColumns(s, n, n, p, q, c, t * c);
            rotateRows(s, n, p, q, c, t * c);
            rotateColumns(v, n, n, p, q, c, t * c);
          }
          // zero by construction (or negligible against the diagonal): drop the rounding residue
          s[p * n + q] = 0;
          s[q * n + p] = 0;
        }
      }
      if (!rotated) {
        break;
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(s[x * n + x], s[y * n + y]));
    permuteColumns(v, n, n, order);
    for (int i = 0; i < n; i++) {
      w[i] = s[order[i] * n + order[i]];
    }
  }

  /** Columns p and q of the rows x cols matrix {@code x} become {@code c p - s q, s p + c q}. */
  private static void rotateColumns(
      double[] x, int rows, int cols, int p, int q, double c, double s) {
    for (int k = 0; k < rows; k++) {
      double xp = x[k * cols + p];
      double xq = x[k * cols + q];
      x[k * cols + p] = c * xp - s * xq;
      x[k * cols + q] = s * xp + c * xq;
    }
  }

  private static void rotateRows(double[] x, int n, int p, int q, double c, double s) {
    for (int k = 0; k < n; k++) {
      double xp = x[p * n + k];
      double xq = x[q * n + k];
      x[p * n + k] = c * xp - s * xq;
      x[q * n + k] = s * xp + c * xq;
    }
  }

  private static void permuteColumns(double[] x, int rows, int cols, Integer[] order) {
    double[] copy = x.clone();
    for (int k = 0; k < rows; k++) {
      for (int j = 0; j < order.length; j++) {
        x[k * cols + j] = copy[k * cols + order[j]];
      }
    }
  }

  /**
   * Thin SVD of the m x n matrix {@code a} with {@code m >= n} by one-sided Jacobi: descending
   * singular values into {@code sv} (n), left vectors into {@code u} (m x n, orthonormal columns;
   * those of zero singular values completed to an orthonormal set) and right vectors into {@code v}
   * (n x n, columns).
   */
  static void svdTall(double[] a, int m, int n, double[] u, double[] sv, double[] v) {
    System.arraycopy(a, 0, u, 0, m * n);
    for (int i = 0; i < n; i++) {
      v[i * n + i] = 1;
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          double alpha = 0;
          double beta = 0;
          double gamma = 0;
          for (int k = 0; k < m; k++) {
            double up = u[k * n + p];
            double uq = u[k * n + q];
            alpha += up * up;
            beta += uq * uq;
            gamma += up * uq;
          }
          if (Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) {
            continue;
          }
          rotated = true;
          double zeta = (beta - alpha) / (2 * gamma);
          double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          t = zeta == 0 ? 1 : t;
          double c = 1 / Math.sqrt(1 + t * t);
          rotateColumns(u, m, n, p, q, c, c * t);
          rotateColumns(v, n, n, p, q, c, c * t);
        }
      }
      if (!rotated) {
        break;
      }
    }
    double[] norms = new double[n];
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int k = 0; k < m; k++) {
        s += u[k * n + j] * u[k * n + j];
      }
      norms[j] = Math.sqrt(s);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
    permuteColumns(u, m, n, order);
    permuteColumns(v, n, n, order);
    double tiny = (n > 0 ? norms[order[0]] : 0) * EPS * Math.max(m, n);
    int rank = 0;
    for (int j = 0; j < n; j++) {
      sv[j] = norms[order[j]];
      if (sv[j] > tiny) {
        rank++;
        for (int k = 0; k < m; k++) {
          u[k * n + j] /= sv[j];
        }
      }
    }
    completeColumns(u, m, n, rank);
  }

  /**
   * Replaces columns {@code have..cols-1} of the rows x cols matrix {@code x}, whose first {@code
   * have} columns are orthonormal, so that all columns are orthonormal: each new column is the unit
   * vector with the largest part outside the columns so far, orthogonalized against them twice.
   */
  static void completeColumns(double[] x, int rows, int cols, int have) {
    for (int j = have; j < cols; j++) {
      double[] best = null;
      double bestNorm = -1;
      for (int e = 0; e < rows; e++) {
        double[] cand = new double[rows];
        cand[e] = 1;
        for (int pass = 0; pass < 2; pass++) {
          for (int c = 0; c < j; c++) {
            double d = 0;
            for (int k = 0; k < rows; k++) {
              d += x[k * cols + c] * cand[k];
            }
            for (int k = 0; k < rows; k++) {
              cand[k] -= d * x[k * cols + c];
            }
          }
        }
        double norm = 0;
        for (double v : cand) {
          norm += v * v;
        }
        if (norm > bestNorm) {
          bestNorm = norm;
          best = cand;
        }
      }
      double scale = 1 / Math.sqrt(bestNorm);
      for (int k = 0; k < rows; k++) {
        x[k * cols + j] = best[k] * scale;
      }
    }
  }
}
