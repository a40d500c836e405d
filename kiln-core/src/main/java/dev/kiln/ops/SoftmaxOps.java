package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * softmax, logSoftmax and logsumexp: composites that subtract the maximum before exponentiating, so
 * large inputs do not overflow. float64 inputs compute in float64, every other floating dtype in
 * float32 with float64 sums.
 */
public final class SoftmaxOps {
  private SoftmaxOps() {}

  public static final CompositeOp SOFTMAX = new CompositeOp("softmax");
  public static final CompositeOp LOG_SOFTMAX = new CompositeOp("logSoftmax");
  public static final CompositeOp LOGSUMEXP = new CompositeOp("logsumexp");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(SOFTMAX, LOG_SOFTMAX, LOGSUMEXP);

  /**
   * {@code exp(x) / sum(exp(x))} along {@code dim}; the result has {@code x}'s shape and dtype.
   *
   * @throws IllegalArgumentException for integer or bool inputs
   */
  public static Tensor softmax(Tensor x, int dim) {
    ReduceStatsOps.requireFloat(SOFTMAX.name(), x.dtype(), "");
    int[] dims = {Shapes.normalizeDim(SOFTMAX.name(), dim, x.dim())};
    if (x.numel() == 0) {
      return Tensor.empty(x.dtype(), x.shape());
    }
    Tensor e = UnaryOps.EXP.apply(shifted(x, dims));
    return BinaryOps.DIV.apply(e, ReduceOps.SUM.apply(e, dims, true)).to(x.dtype());
  }

  /**
   * {@code log(softmax(x))} along {@code dim}, computed as {@code (x - max) - log(sum(exp(x -
   * max)))} so it stays finite where softmax underflows.
   *
   * @throws IllegalArgumentException for integer or bool inputs
   */
  public static Tensor logSoftmax(Tensor x, int dim) {
    ReduceStatsOps.requireFloat(LOG_SOFTMAX.name(), x.dtype(), "");
    int[] dims = {Shapes.normalizeDim(LOG_SOFTMAX.name(), dim, x.dim())};
    if (x.numel() == 0) {
      return Tensor.empty(x.dtype(), x.shape());
    }
    Tensor s = shifted(x, dims);
    Tensor logSum = UnaryOps.LOG.apply(ReduceOps.SUM.apply(UnaryOps.EXP.apply(s), dims, true));
    return BinaryOps.SUB.apply(s, logSum).to(x.dtype());
  }

  /**
   * {@code log(sum(exp(x)))} over {@code dims} (all when empty), without overflow; integer inputs
   * give float32, and the result over no elements is -inf.
   */
  public static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
    boolean[] reduced = ReduceOp.reducedDims(LOGSUMEXP.name(), x.dim(), dims);
    DType out = x.dtype().isFloatingPoint() ? x.dtype() : DType.FLOAT32;
    Tensor xd = x.to(computeType(out));
    Tensor max;
    if (ReduceOp.reducedCount(x.shape(), reduced) == 0) {
      max = Tensor.zeros(xd.dtype(), ReduceOp.outShape(x.shape(), reduced, true));
    } else {
      // an infinite max would turn x - max into NaN: shift by 0 there instead
      Tensor m = ReduceOps.AMAX.apply(xd, dims, true);
      Tensor infinite = BinaryOps.EQ.apply(UnaryOps.ABS.apply(m), inf());
      max = PointwiseOps.where(infinite, Tensor.wrapNumber(0.0), m);
    }
    Tensor sum = ReduceOps.SUM.apply(UnaryOps.EXP.apply(BinaryOps.SUB.apply(xd, max)), dims, true);
    Tensor r = BinaryOps.ADD.apply(UnaryOps.LOG.apply(sum), max);
    return r.reshape(ReduceOp.outShape(x.shape(), reduced, keepdim)).to(out);
  }

  /** {@code x - max(x)} along {@code dims}, in the compute dtype. */
  private static Tensor shifted(Tensor x, int[] dims) {
    Tensor xd = x.to(computeType(x.dtype()));
    return BinaryOps.SUB.apply(xd, ReduceOps.AMAX.apply(xd, dims, true));
  }

  /**
   * float64 stays float64; float32 and the 16-bit types compute in float32, whose sums {@code SUM}
   * accumulates in float64: that matches PyTorch to 1e-6 at float32 speed.
   */
  private static DType computeType(DType floating) {
    return floating == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
  }

  private static Tensor inf() {
    return Tensor.wrapNumber(Double.POSITIVE_INFINITY);
  }
}
