package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.List;

/** Vector norms over dims ({@code torch.norm} and {@code torch.linalg.vector_norm}). */
public final class NormOps {
  private NormOps() {}

  public static final CompositeOp NORM = new CompositeOp("norm");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(NORM);

  /**
   * The p-norm over {@code dims} (all when empty), computed in float64: {@code sum(|x|^p)^(1/p)}; p
   * = inf is the largest {@code |x|}, -inf the smallest, 0 the number of non-zero elements. The
   * norm of no elements is 0.
   *
   * @throws IllegalArgumentException for integer or bool inputs
   */
  public static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
    ReduceStatsOps.requireFloat(NORM.name(), x.dtype(), "");
    long n = ReduceStatsOps.count(NORM.name(), x, dims);
    Tensor abs = UnaryOps.ABS.apply(x.to(DType.FLOAT64));
    Tensor r;
    if (Double.isInfinite(p) && n > 0) {
      r = (p > 0 ? ReduceOps.AMAX : ReduceOps.AMIN).apply(abs, dims, keepdim);
    } else if (Double.isInfinite(p) || p == 1) {
      r = ReduceOps.SUM.apply(abs, dims, keepdim);
    } else if (p == 0) {
      r = ReduceStatsOps.countNonzero(abs, dims);
      r = keepdim ? r.reshape(keptShape(x, dims)) : r;
    } else if (p == 2) {
      r = UnaryOps.SQRT.apply(ReduceOps.SUM.apply(BinaryOps.MUL.apply(abs, abs), dims, keepdim));
    } else {
      Tensor powered = BinaryOps.POW.apply(abs, Tensor.wrapNumber(p));
      r =
          BinaryOps.POW.apply(
              ReduceOps.SUM.apply(powered, dims, keepdim), Tensor.wrapNumber(1 / p));
    }
    Tensor out = r.to(x.dtype());
    if (p == 0 && Autograd.isRecording(x)) {
      // the count of non-zeros is piecewise constant: PyTorch defines its gradient as zero
      return Autograd.record(
          NORM.name(), out, (nd, g) -> new Tensor[] {Tensor.zeros(g.dtype(), nd.inputShape(0))}, x);
    }
    return out;
  }

  /**
   * The norm named by {@code p}: {@code "fro"} (the Frobenius norm, the 2-norm over {@code dims}).
   *
   * @throws IllegalArgumentException for any other name ({@code "nuc"} needs an SVD and is not
   *     supported)
   */
  public static Tensor norm(Tensor x, String p, int[] dims, boolean keepdim) {
    if (!p.equals("fro")) {
      throw new IllegalArgumentException(
          NORM.name() + ": unsupported p \"" + p + "\" (expected \"fro\" or a number)");
    }
    return norm(x, 2, dims, keepdim);
  }

  private static int[] keptShape(Tensor x, int[] dims) {
    return ReduceOp.outShape(x.shape(), ReduceOp.reducedDims(NORM.name(), x.dim(), dims), true);
  }
}
