package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.backend.Backends;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * softmax, logSoftmax and logsumexp, each subtracting the maximum before exponentiating, so large
 * inputs do not overflow. float64 inputs compute in float64, every other floating dtype in float32
 * with float64 sums. softmax and logSoftmax run one fused row kernel forward and one backward
 * (their composites of exp, amax, sum and div stay in the tests as the reference, and the backward
 * formula in Tensor ops is used when a graph of the backward is built); logsumexp is a composite.
 */
public final class SoftmaxOps {
  private SoftmaxOps() {}

  public static final PrimitiveOp SOFTMAX = new PrimitiveOp("softmax");
  public static final PrimitiveOp LOG_SOFTMAX = new PrimitiveOp("logSoftmax");
  public static final CompositeOp LOGSUMEXP = new CompositeOp("logsumexp");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(SOFTMAX, LOG_SOFTMAX, LOGSUMEXP);

  /**
   * {@code exp(x) / sum(exp(x))} along {@code dim}; the result has {@code x}'s shape and dtype.
   *
   * @throws IllegalArgumentException for integer or bool inputs
   */
  public static Tensor softmax(Tensor x, int dim) {
    return fused(SOFTMAX, false, x, dim);
  }

  /**
   * {@code log(softmax(x))} along {@code dim}, computed as {@code (x - max) - log(sum(exp(x -
   * max)))} so it stays finite where softmax underflows.
   *
   * @throws IllegalArgumentException for integer or bool inputs
   */
  public static Tensor logSoftmax(Tensor x, int dim) {
    return fused(LOG_SOFTMAX, true, x, dim);
  }

  private static Tensor fused(PrimitiveOp op, boolean log, Tensor x, int dim) {
    ReduceStatsOps.requireFloat(op.name(), x.dtype(), "");
    int d = Shapes.normalizeDim(op.name(), dim, x.dim());
    if (x.numel() == 0) {
      return Tensor.empty(x.dtype(), x.shape());
    }
    // a 0-dim tensor is a row of one element
    Tensor xc = x.to(computeType(x.dtype()));
    Tensor in = x.dim() == 0 ? xc.reshape(1) : xc;
    Tensor out = Tensor.empty(xc.dtype(), in.shape());
    Backends.of(x.device()).softmax(in, d, log, out);
    Tensor y = x.dim() == 0 ? out.reshape() : out;
    if (Autograd.isRecording(xc)) {
      Autograd.record(op.name(), y, (n, g) -> new Tensor[] {backward(log, g, n.output(), d)}, xc);
    }
    return y.to(x.dtype());
  }

  /**
   * The input gradient from the output {@code y} and its gradient {@code g}: the fused row kernel,
   * or, when autograd records the backward itself (a graph of the gradient is being built), the
   * formula in Tensor ops, so that higher-order gradients come out right.
   */
  private static Tensor backward(boolean log, Tensor g, Tensor y, int dim) {
    Tensor gc = g.to(y.dtype());
    if (Autograd.isRecording(gc, y)) {
      int[] dims = {dim};
      return log
          ? gc.sub(y.exp().mul(gc.sum(dims, true)))
          : y.mul(gc.sub(gc.mul(y).sum(dims, true)));
    }
    int[] rows = y.dim() == 0 ? new int[] {1} : y.shape();
    Tensor gx = Tensor.empty(y.dtype(), rows);
    Backends.of(y.device()).softmaxBackward(gc.reshape(rows), y.reshape(rows), dim, log, gx);
    return gx.reshape(y.shape());
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
