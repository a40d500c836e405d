package dev.kiln.ops;

import dev.kiln.tensor.Linalg;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Op-table rows for linear algebra; mirrored by {@code tools/fixtures/cases/linalg.py}.
 * Decompositions return sign-independent parts (singular values, eigenvalues, |diag R|) and the
 * reconstruction and orthogonality products of the factors, as the Python cases do.
 */
final class LinalgCases {
  private LinalgCases() {}

  private static final double INF = Double.POSITIVE_INFINITY;

  static List<OpCase> all() {
    return Stream.of(products(), einsums(), shapes(), norms(), solvers(), decompositions())
        .flatMap(List::stream)
        .toList();
  }

  /**
   * A GEMM-based float32 row: PyTorch's and our kernels sum K products in different orders, so they
   * agree to ~K ulps (1e-5 relative; absolute for sums that cancel to ~0).
   */
  private static OpCase gemm(String op, String sample, Function<Tensor[], Tensor> fn) {
    return OpCase.of(op, sample, fn).tol(1e-5, 1e-6);
  }

  /**
   * A float32 QR / eigh / SVD row: PyTorch's float32 LAPACK factors are themselves only accurate to
   * ~1e-6 relative (its Q^T Q is I to ~3e-7, its V diag(w) V^T is A to ~2e-6), we compute in
   * float64 and round once, so products of the factors differ by PyTorch's rounding.
   */
  private static OpCase f32(String op, String sample, Function<Tensor[], Tensor[]> fn) {
    return OpCase.multi(op, sample, fn).tol(1e-5, 1e-6);
  }

  private static List<OpCase> products() {
    return List.of(
        gemm("matmul", "vec_vec", x -> x[0].matmul(x[1])),
        gemm("matmul", "vec_mat", x -> x[0].matmul(x[1])),
        gemm("matmul", "mat_vec", x -> x[0].matmul(x[1])),
        gemm("matmul", "mat_mat", x -> x[0].matmul(x[1])),
        gemm("matmul", "batched_mat", x -> x[0].matmul(x[1])),
        gemm("matmul", "mat_batched", x -> x[0].matmul(x[1])),
        gemm("matmul", "broadcast_batch", x -> x[0].matmul(x[1])),
        gemm("matmul", "batched_vec", x -> x[0].matmul(x[1])),
        gemm("matmul", "vec_batched", x -> x[0].matmul(x[1])),
        gemm("matmul", "transposed", x -> x[0].t().matmul(x[1].t())),
        gemm(
            "matmul",
            "strided",
            x -> x[0].slice(0, 0, 6, 2).slice(1, 1, 8, 2).matmul(x[1].slice(0, 1, 8, 2))),
        gemm("matmul", "empty_batch", x -> x[0].matmul(x[1])),
        gemm("matmul", "empty_inner", x -> x[0].matmul(x[1])),
        OpCase.of("matmul", "f64", x -> x[0].matmul(x[1])),
        OpCase.of("matmul", "int64", x -> x[0].matmul(x[1])),
        // K = 100 products of magnitude ~0.25 cancelling to ~0.02: absolute error ~ 25 * 2^-24
        OpCase.of("matmul", "large", x -> x[0].matmul(x[1])).tol(1e-5, 1e-5),
        gemm("mm", "basic", x -> x[0].mm(x[1])),
        gemm("mm", "transposed", x -> x[0].t().mm(x[1])),
        gemm("mm", "empty", x -> x[0].mm(x[1])),
        gemm("bmm", "basic", x -> x[0].bmm(x[1])),
        gemm("bmm", "permuted", x -> x[0].permute(1, 0, 2).bmm(x[1])),
        gemm("bmm", "empty", x -> x[0].bmm(x[1])),
        gemm("mv", "basic", x -> x[0].mv(x[1])),
        gemm("mv", "transposed", x -> x[0].t().mv(x[1])),
        gemm("dot", "basic", x -> x[0].dot(x[1])),
        OpCase.of("dot", "f64", x -> x[0].dot(x[1])),
        OpCase.of("dot", "int64", x -> x[0].dot(x[1])),
        OpCase.of("dot", "empty", x -> x[0].dot(x[1])),
        gemm("dot", "strided", x -> x[0].slice(0, 0, 8, 2).dot(x[1])),
        gemm("vdot", "basic", x -> x[0].vdot(x[1])),
        OpCase.of("outer", "basic", x -> x[0].outer(x[1])),
        OpCase.of("outer", "int_float", x -> x[0].outer(x[1])),
        gemm("addmm", "basic", x -> x[0].addmm(x[1], x[2])),
        gemm("addmm", "broadcast_input", x -> x[0].addmm(x[1], x[2])),
        gemm("addmm", "beta_alpha", x -> x[0].addmm(x[1], x[2], 0.5, 2)),
        gemm("addmm", "beta_zero", x -> x[0].addmm(x[1], x[2], 0, 1)),
        gemm("baddbmm", "basic", x -> x[0].baddbmm(x[1], x[2])),
        gemm("baddbmm", "beta_alpha", x -> x[0].baddbmm(x[1], x[2], -1, 0.5)));
  }

  private static List<OpCase> einsums() {
    return List.of(
        gemm("einsum", "matmul", x -> Tensor.einsum("ij,jk->ik", x[0], x[1])),
        gemm("einsum", "batch", x -> Tensor.einsum("bij,bjk->bik", x[0], x[1])),
        OpCase.of("einsum", "transpose", x -> Tensor.einsum("ij->ji", x[0])),
        OpCase.of("einsum", "trace", x -> Tensor.einsum("ii", x[0])),
        OpCase.of("einsum", "diagonal", x -> Tensor.einsum("ii->i", x[0])),
        OpCase.of("einsum", "diagonal_apart", x -> Tensor.einsum("iji->j", x[0])),
        OpCase.of("einsum", "sum_all", x -> Tensor.einsum("ij->", x[0])),
        gemm("einsum", "outer", x -> Tensor.einsum("i,j->ij", x[0], x[1])),
        gemm("einsum", "implicit", x -> Tensor.einsum("ij,jk", x[0], x[1])),
        gemm("einsum", "implicit_upper", x -> Tensor.einsum("iB,ij", x[0], x[1])),
        gemm("einsum", "ellipsis", x -> Tensor.einsum("...ij,...jk->...ik", x[0], x[1])),
        OpCase.of("einsum", "ellipsis_implicit", x -> Tensor.einsum("...ij", x[0])),
        gemm("einsum", "bilinear", x -> Tensor.einsum("bn,anm,bm->ba", x[0], x[1], x[2])),
        gemm(
            "einsum",
            "four_operands",
            x -> Tensor.einsum("ij,jk,kl,lm->im", x[0], x[1], x[2], x[3])),
        gemm("einsum", "broadcast_one", x -> Tensor.einsum("ij,ij->i", x[0], x[1])),
        gemm("einsum", "strided", x -> Tensor.einsum("ij,jk->ik", x[0].t(), x[1])),
        gemm("einsum", "empty", x -> Tensor.einsum("ij,jk->ik", x[0], x[1])),
        gemm("einsum", "ellipsis_middle", x -> Tensor.einsum("a...b,b->a...", x[0], x[1])),
        gemm("einsum", "spaces", x -> Tensor.einsum("ij, jk -> ik", x[0], x[1])),
        OpCase.of("einsum", "batch_diag", x -> Tensor.einsum("bii->bi", x[0])),
        OpCase.of("einsum", "int64", x -> Tensor.einsum("ij,j->i", x[0], x[1])),
        OpCase.of("einsum", "f64", x -> Tensor.einsum("ij,j->i", x[0], x[1])));
  }

  private static List<OpCase> shapes() {
    return List.of(
        OpCase.of("tril", "basic", x -> x[0].tril()),
        OpCase.of("tril", "k1", x -> x[0].tril(1)),
        OpCase.of("tril", "k_neg", x -> x[0].tril(-1)),
        OpCase.of("tril", "batched", x -> x[0].tril()),
        OpCase.of("tril", "int64", x -> x[0].tril()),
        OpCase.of("tril", "transposed", x -> x[0].t().tril()),
        OpCase.of("tril", "bool", x -> x[0].tril()),
        OpCase.of("triu", "basic", x -> x[0].triu()),
        OpCase.of("triu", "k2", x -> x[0].triu(2)),
        OpCase.of("triu", "batched_neg", x -> x[0].triu(-1)),
        OpCase.of("triu", "empty", x -> x[0].triu()),
        OpCase.of("trace", "basic", x -> x[0].trace()),
        OpCase.of("trace", "int64", x -> x[0].trace()),
        OpCase.of("trace", "transposed", x -> x[0].t().trace()),
        OpCase.of("cross", "basic", x -> x[0].cross(x[1])),
        OpCase.of("cross", "broadcast", x -> x[0].cross(x[1])),
        OpCase.of("cross", "dim0", x -> x[0].cross(x[1], 0)),
        OpCase.of("kron", "mat", x -> x[0].kron(x[1])),
        OpCase.of("kron", "vec_mat", x -> x[0].kron(x[1])),
        OpCase.of("kron", "three_d", x -> x[0].kron(x[1])),
        gemm("tensordot", "dims2", x -> Tensor.tensordot(x[0], x[1], 2)),
        gemm(
            "tensordot",
            "pairs",
            x -> Tensor.tensordot(x[0], x[1], new int[] {0, 2}, new int[] {1, 0})),
        gemm("tensordot", "dims0", x -> Tensor.tensordot(x[0], x[1], 0)));
  }

  private static List<OpCase> norms() {
    return List.of(
        OpCase.of("vectorNorm", "ord2", x -> Linalg.vectorNorm(x[0], 2)),
        OpCase.of("vectorNorm", "f64", x -> Linalg.vectorNorm(x[0], 1.5)),
        OpCase.of("vectorNorm", "ord1_dim", x -> Linalg.vectorNorm(x[0], 1, new int[] {1}, false)),
        OpCase.of(
            "vectorNorm", "inf_keepdim", x -> Linalg.vectorNorm(x[0], INF, new int[] {0}, true)),
        OpCase.of(
            "vectorNorm", "ord3_dims", x -> Linalg.vectorNorm(x[0], 3, new int[] {0, 2}, false)),
        OpCase.of("matrixNorm", "fro", x -> Linalg.matrixNorm(x[0])),
        OpCase.of("matrixNorm", "f64", x -> Linalg.matrixNorm(x[0], 2, new int[] {-2, -1}, false)),
        nuc("matrixNorm", "nuc", x -> Linalg.matrixNorm(x[0], "nuc", new int[] {-2, -1}, false)),
        OpCase.of("matrixNorm", "ord1", x -> Linalg.matrixNorm(x[0], 1, new int[] {-2, -1}, false)),
        OpCase.of(
            "matrixNorm", "ord_neg1", x -> Linalg.matrixNorm(x[0], -1, new int[] {-2, -1}, false)),
        OpCase.of(
            "matrixNorm", "inf", x -> Linalg.matrixNorm(x[0], INF, new int[] {-2, -1}, false)),
        nuc("matrixNorm", "ord2", x -> Linalg.matrixNorm(x[0], 2, new int[] {-2, -1}, false)),
        nuc("matrixNorm", "ord_neg2", x -> Linalg.matrixNorm(x[0], -2, new int[] {-2, -1}, false)),
        OpCase.of(
            "matrixNorm", "dims_keepdim", x -> Linalg.matrixNorm(x[0], 1, new int[] {2, 0}, true)),
        OpCase.of("linalgNorm", "default", x -> Linalg.norm(x[0])),
        OpCase.of("linalgNorm", "vector_ord", x -> Linalg.norm(x[0], 3)),
        OpCase.of("linalgNorm", "matrix_ord", x -> Linalg.norm(x[0], -INF)),
        OpCase.of("linalgNorm", "dim_ord", x -> Linalg.norm(x[0], 1, new int[] {1}, false)),
        nuc("linalgNorm", "nuc_dims", x -> Linalg.norm(x[0], "nuc", new int[] {0, 2}, true)));
  }

  /** A float32 norm built from singular values (LAPACK float32 SVD vs our float64 Jacobi). */
  private static OpCase nuc(String op, String sample, Function<Tensor[], Tensor> fn) {
    return OpCase.of(op, sample, fn).tol(1e-5, 1e-6);
  }

  private static List<OpCase> solvers() {
    return List.of(
        OpCase.of("inv", "basic", x -> Linalg.inv(x[0])),
        OpCase.of("inv", "batched", x -> Linalg.inv(x[0])),
        OpCase.of("inv", "f64", x -> Linalg.inv(x[0])),
        OpCase.of("inv", "transposed", x -> Linalg.inv(x[0].t())),
        OpCase.of("inv", "empty", x -> Linalg.inv(x[0])),
        OpCase.of("det", "basic", x -> Linalg.det(x[0])),
        OpCase.of("det", "batched", x -> Linalg.det(x[0])),
        // exactly singular in real numbers: both sides give rounding noise around 0
        OpCase.of("det", "singular", x -> Linalg.det(x[0])).tol(1e-6, 1e-12),
        OpCase.of("det", "zero_size", x -> Linalg.det(x[0])),
        OpCase.multi("slogdet", "basic", x -> slog(Linalg.slogdet(x[0]))),
        OpCase.multi("slogdet", "batched", x -> slog(Linalg.slogdet(x[0]))),
        OpCase.of("solve", "basic", x -> Linalg.solve(x[0], x[1])),
        OpCase.of("solve", "vector", x -> Linalg.solve(x[0], x[1])),
        OpCase.of("solve", "batch_broadcast", x -> Linalg.solve(x[0], x[1])),
        OpCase.of("solve", "batched_vector", x -> Linalg.solve(x[0], x[1])),
        OpCase.of("solve", "f64", x -> Linalg.solve(x[0], x[1])));
  }

  private static List<OpCase> decompositions() {
    return List.of(
        OpCase.of("cholesky", "basic", x -> Linalg.cholesky(x[0])),
        OpCase.of("cholesky", "batched", x -> Linalg.cholesky(x[0])),
        OpCase.of("cholesky", "upper", x -> Linalg.cholesky(x[0], true)),
        OpCase.of("cholesky", "f64", x -> Linalg.cholesky(x[0])),
        OpCase.of("cholesky", "empty", x -> Linalg.cholesky(x[0])),
        f32("qr", "square", x -> qr(Linalg.qr(x[0]))),
        f32("qr", "tall", x -> qr(Linalg.qr(x[0]))),
        f32("qr", "wide", x -> qr(Linalg.qr(x[0]))),
        f32("qr", "complete", x -> qr(Linalg.qr(x[0], "complete"))),
        OpCase.multi("qr", "batched_f64", x -> qr(Linalg.qr(x[0]))),
        OpCase.multi("qr", "empty_batch", x -> qr(Linalg.qr(x[0]))),
        f32("qr", "r_mode", x -> one(Linalg.qr(x[0], "r").r().diagonal().abs())),
        f32("eigh", "spd", x -> eigh(Linalg.eigh(x[0]))),
        OpCase.multi("eigh", "indefinite_f64", x -> eigh(Linalg.eigh(x[0].add(x[0].mT())))),
        f32("eigh", "batched", x -> eigh(Linalg.eigh(x[0]))),
        OpCase.multi("eigh", "upper", x -> eigh(Linalg.eigh(x[0], "U"))),
        f32("eigh", "transposed", x -> eigh(Linalg.eigh(x[0].mT()))),
        f32("svd", "square", x -> svd(Linalg.svd(x[0], false))),
        f32("svd", "tall", x -> svd(Linalg.svd(x[0], false))),
        f32("svd", "wide", x -> svd(Linalg.svd(x[0], false))),
        f32("svd", "transposed", x -> svd(Linalg.svd(x[0].t(), false))),
        OpCase.multi("svd", "full_tall_f64", x -> svd(Linalg.svd(x[0]))),
        OpCase.multi("svd", "full_wide_f64", x -> svd(Linalg.svd(x[0]))),
        OpCase.multi("svd", "batched_f64", x -> svd(Linalg.svd(x[0], false))),
        OpCase.multi("svd", "rank_one_f64", x -> svd(Linalg.svd(x[0].matmul(x[1]), false))));
  }

  private static Tensor[] one(Tensor t) {
    return new Tensor[] {t};
  }

  private static Tensor[] slog(Linalg.SlogDet r) {
    return new Tensor[] {r.sign(), r.logabsdet()};
  }

  private static Tensor[] qr(Linalg.QR r) {
    Tensor q = r.q();
    return new Tensor[] {r.r().diagonal(0, -2, -1).abs(), q.matmul(r.r()), q.mT().matmul(q)};
  }

  private static Tensor[] eigh(Linalg.Eigh e) {
    Tensor w = e.eigenvalues();
    Tensor v = e.eigenvectors();
    return new Tensor[] {w, v.mul(w.unsqueeze(-2)).matmul(v.mT()), v.mT().matmul(v)};
  }

  private static Tensor[] svd(Linalg.SVD r) {
    Tensor s = r.s();
    int k = s.size(-1);
    Tensor us = r.u().narrow(-1, 0, k).mul(s.unsqueeze(-2));
    return new Tensor[] {
      s, us.matmul(r.vh().narrow(-2, 0, k)), r.u().mT().matmul(r.u()), r.vh().matmul(r.vh().mT())
    };
  }
}
