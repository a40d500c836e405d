package dev.kiln.ops;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.linalg}'s norms: {@code vectorNorm} (the p-norm of {@link NormOps}), {@code
 * matrixNorm} (Frobenius, nuclear, max column or row sum, largest or smallest singular value) and
 * {@code linalgNorm}, which picks one of the two from its arguments as {@code torch.linalg.norm}.
 */
public final class LinalgNormOps {
  private LinalgNormOps() {}

  public static final CompositeOp VECTOR_NORM = new CompositeOp("vectorNorm");
  public static final CompositeOp MATRIX_NORM = new CompositeOp("matrixNorm");
  public static final CompositeOp LINALG_NORM = new CompositeOp("linalgNorm");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(VECTOR_NORM, MATRIX_NORM, LINALG_NORM);

  private static final int[] LAST_TWO = {-2, -1};

  /** The vector {@code ord}-norm over {@code dims} (all when empty), as {@link NormOps#norm}. */
  public static Tensor vectorNorm(Tensor x, double ord, int[] dims, boolean keepdim) {
    return NormOps.norm(x, ord, dims, keepdim);
  }

  /**
   * The matrix norm over the two {@code dims}: {@code ord} 1 / -1 is the largest / smallest column
   * sum of {@code |x|}, inf / -inf the largest / smallest row sum, 2 / -2 the largest / smallest
   * singular value.
   *
   * @throws IllegalArgumentException for another {@code ord} or not exactly two distinct dims
   */
  public static Tensor matrixNorm(Tensor x, double ord, int[] dims, boolean keepdim) {
    String op = MATRIX_NORM.name();
    int[] d = matrixDims(op, x, dims);
    Tensor r;
    if (Math.abs(ord) == 1 || Double.isInfinite(ord)) {
      ReduceStatsOps.requireFloat(op, x.dtype(), "");
      int summed = Math.abs(ord) == 1 ? d[0] : d[1];
      int extreme = Math.abs(ord) == 1 ? d[1] : d[0];
      Tensor sums = ReduceOps.SUM.apply(UnaryOps.ABS.apply(x), new int[] {summed}, true);
      r = (ord > 0 ? ReduceOps.AMAX : ReduceOps.AMIN).apply(sums, new int[] {extreme}, true);
      return keepdim ? r : r.squeeze(d);
    }
    if (Math.abs(ord) != 2) {
      throw new IllegalArgumentException(
          op + ": unsupported ord " + ord + " (expected 1, -1, 2, -2, inf, -inf, fro or nuc)");
    }
    Tensor s = singularValues(x, d);
    r = (ord > 0 ? ReduceOps.AMAX : ReduceOps.AMIN).apply(s, new int[] {-1}, false);
    return keepdim ? unsqueezed(r, d) : r;
  }

  /**
   * The matrix norm named by {@code ord} over the two {@code dims}: {@code "fro"} (Frobenius) or
   * {@code "nuc"} (the sum of singular values).
   */
  public static Tensor matrixNorm(Tensor x, String ord, int[] dims, boolean keepdim) {
    String op = MATRIX_NORM.name();
    int[] d = matrixDims(op, x, dims);
    switch (ord) {
      case "fro" -> {
        return NormOps.norm(x, 2, d, keepdim);
      }
      case "nuc" -> {
        Tensor r = ReduceOps.SUM.apply(singularValues(x, d), new int[] {-1}, false);
        return keepdim ? unsqueezed(r, d) : r;
      }
      default ->
          throw new IllegalArgumentException(
              op + ": unsupported ord \"" + ord + "\" (expected fro, nuc or a number)");
    }
  }

  /**
   * {@code torch.linalg.norm} with a numeric or absent ({@code null}) {@code ord}: with no ord, the
   * 2-norm of the elements over {@code dims} (all when null); with an ord, a vector norm over one
   * dim (or a 1-D input) and a matrix norm over two dims (or a 2-D input).
   */
  public static Tensor linalgNorm(Tensor x, Double ord, int[] dims, boolean keepdim) {
    String op = LINALG_NORM.name();
    if (ord == null) {
      return NormOps.norm(x, 2, dims == null ? new int[0] : dims, keepdim);
    }
    int count = dims != null ? dims.length : x.dim();
    if (dims == null && count > 2) {
      throw new IllegalArgumentException(
          op + ": an ord needs dims or a 1-D or 2-D input, got shape " + Shapes.str(x.shape()));
    }
    if (count == 1) {
      return NormOps.norm(x, ord, dims == null ? new int[0] : dims, keepdim);
    }
    if (count == 2) {
      return matrixNorm(x, ord, dims == null ? LAST_TWO : dims, keepdim);
    }
    throw new IllegalArgumentException(
        op + ": an ord needs 1 or 2 dims, got " + Arrays.toString(dims));
  }

  /** {@code torch.linalg.norm} with a named matrix norm over {@code dims} (last two when null). */
  public static Tensor linalgNorm(Tensor x, String ord, int[] dims, boolean keepdim) {
    return matrixNorm(x, ord, dims == null ? LAST_TWO : dims, keepdim);
  }

  private static int[] matrixDims(String op, Tensor x, int[] dims) {
    LinalgOps.requireMatrix(op, x);
    int[] d = Shapes.normalizeDims(op, dims, x.dim());
    if (d.length != 2 || d[0] == d[1]) {
      throw new IllegalArgumentException(
          op + ": expected two distinct dims, got " + Arrays.toString(dims));
    }
    return d;
  }

  /** The singular values of the matrices spanning dims {@code d}, in a new last dim. */
  private static Tensor singularValues(Tensor x, int[] d) {
    int[] perm = new int[x.dim()];
    int j = 0;
    for (int k = 0; k < x.dim(); k++) {
      if (k != d[0] && k != d[1]) {
        perm[j++] = k;
      }
    }
    perm[j++] = d[0];
    perm[j] = d[1];
    return DecompositionOps.svd(x.permute(perm), false).s();
  }

  private static Tensor unsqueezed(Tensor r, int[] d) {
    int lo = Math.min(d[0], d[1]);
    int hi = Math.max(d[0], d[1]);
    return r.unsqueeze(lo).unsqueeze(hi);
  }
}
