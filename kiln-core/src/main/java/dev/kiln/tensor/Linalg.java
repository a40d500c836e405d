package dev.kiln.tensor;

import dev.kiln.ops.DecompositionOps;
import dev.kiln.ops.LinalgNormOps;

/**
 * PyTorch's {@code torch.linalg} namespace as statics. Matrices are the last two dims; leading dims
 * are a batch. Factorizations take float32 or float64 and compute in float64.
 *
 * {@snippet :
 * Tensor a = Tensor.of(new double[][] {{4, 1}, {1, 3}});
 * Linalg.det(a);                      // tensor(11., dtype=float64)
 * Linalg.solve(a, Tensor.of(1.0, 2.0));
 * Linalg.SVD svd = Linalg.svd(a);     // svd.u(), svd.s(), svd.vh()
 * }
 */
public final class Linalg {
  private Linalg() {}

  /** The result of {@link #qr}: {@code A = Q R}. */
  public record QR(Tensor q, Tensor r) {}

  /** The result of {@link #eigh}: ascending eigenvalues and eigenvectors as columns. */
  public record Eigh(Tensor eigenvalues, Tensor eigenvectors) {}

  /** The result of {@link #svd}: {@code A = U diag(S) Vh}, S descending. */
  public record SVD(Tensor u, Tensor s, Tensor vh) {}

  /** The result of {@link #slogdet}: {@code det = sign * exp(logabsdet)}. */
  public record SlogDet(Tensor sign, Tensor logabsdet) {}

  /** The inverse of each square matrix; throws {@link ArithmeticException} if singular. */
  public static Tensor inv(Tensor a) {
    return DecompositionOps.inv(a);
  }

  /** The determinant of each square matrix. */
  public static Tensor det(Tensor a) {
    return DecompositionOps.det(a);
  }

  /** Sign and log-absolute-value of each determinant. */
  public static SlogDet slogdet(Tensor a) {
    return DecompositionOps.slogdet(a);
  }

  /** The solution X of {@code A X = B} (B a matrix stack, or vectors); batch dims broadcast. */
  public static Tensor solve(Tensor a, Tensor b) {
    return DecompositionOps.solve(a, b);
  }

  /** The lower Cholesky factor L with {@code L Lᵀ = A}. */
  public static Tensor cholesky(Tensor a) {
    return DecompositionOps.cholesky(a, false);
  }

  /** The Cholesky factor, upper ({@code Uᵀ U = A}) when {@code upper}. */
  public static Tensor cholesky(Tensor a, boolean upper) {
    return DecompositionOps.cholesky(a, upper);
  }

  /** The reduced QR factorization. */
  public static QR qr(Tensor a) {
    return DecompositionOps.qr(a, "reduced");
  }

  /** The QR factorization in {@code mode} "reduced", "complete" or "r". */
  public static QR qr(Tensor a, String mode) {
    return DecompositionOps.qr(a, mode);
  }

  /** Eigenvalues and eigenvectors of symmetric matrices (lower triangle read). */
  public static Eigh eigh(Tensor a) {
    return DecompositionOps.eigh(a, "L");
  }

  /** Eigenvalues and eigenvectors of symmetric matrices, reading the {@code uplo} triangle. */
  public static Eigh eigh(Tensor a, String uplo) {
    return DecompositionOps.eigh(a, uplo);
  }

  /** The full SVD (U m x m, Vh n x n), as PyTorch's default {@code full_matrices=True}. */
  public static SVD svd(Tensor a) {
    return DecompositionOps.svd(a, true);
  }

  /** The SVD, reduced (U m x k, Vh k x n) unless {@code fullMatrices}. */
  public static SVD svd(Tensor a, boolean fullMatrices) {
    return DecompositionOps.svd(a, fullMatrices);
  }

  /** The 2-norm of all elements. */
  public static Tensor norm(Tensor x) {
    return LinalgNormOps.linalgNorm(x, (Double) null, null, false);
  }

  /** The vector norm of a 1-D or the matrix norm of a 2-D input. */
  public static Tensor norm(Tensor x, double ord) {
    return LinalgNormOps.linalgNorm(x, ord, null, false);
  }

  /** The named matrix norm ("fro" or "nuc") over the last two dims. */
  public static Tensor norm(Tensor x, String ord) {
    return LinalgNormOps.linalgNorm(x, ord, null, false);
  }

  /** A vector norm over one dim or a matrix norm over two. */
  public static Tensor norm(Tensor x, double ord, int[] dims, boolean keepdim) {
    return LinalgNormOps.linalgNorm(x, ord, dims, keepdim);
  }

  /** A named matrix norm over two dims. */
  public static Tensor norm(Tensor x, String ord, int[] dims, boolean keepdim) {
    return LinalgNormOps.linalgNorm(x, ord, dims, keepdim);
  }

  /** The vector {@code ord}-norm of all elements. */
  public static Tensor vectorNorm(Tensor x, double ord) {
    return LinalgNormOps.vectorNorm(x, ord, new int[0], false);
  }

  /** The vector {@code ord}-norm over {@code dims} (all when empty). */
  public static Tensor vectorNorm(Tensor x, double ord, int[] dims, boolean keepdim) {
    return LinalgNormOps.vectorNorm(x, ord, dims, keepdim);
  }

  /** The Frobenius norm over the last two dims. */
  public static Tensor matrixNorm(Tensor x) {
    return LinalgNormOps.matrixNorm(x, "fro", new int[] {-2, -1}, false);
  }

  /** A numeric matrix norm (1, -1, 2, -2, inf, -inf) over two dims. */
  public static Tensor matrixNorm(Tensor x, double ord, int[] dims, boolean keepdim) {
    return LinalgNormOps.matrixNorm(x, ord, dims, keepdim);
  }

  /** A named matrix norm ("fro" or "nuc") over two dims. */
  public static Tensor matrixNorm(Tensor x, String ord, int[] dims, boolean keepdim) {
    return LinalgNormOps.matrixNorm(x, ord, dims, keepdim);
  }

  /** The cross product along the last dim. */
  public static Tensor cross(Tensor a, Tensor b) {
    return a.cross(b);
  }
}
