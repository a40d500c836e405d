package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Node;
import dev.kiln.ops.IndexOps.ScatterReduce;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The derivatives of the index ops declared in {@link IndexOps} (take and the scatter family),
 * written with Tensor ops: gathers and scatters are each other's derivatives, so these
 * differentiate again.
 */
final class IndexGrads {
  private IndexGrads() {}

  /**
   * scatter with amax/amin: the gradient of each result element is split evenly among the values
   * (self's, when included, and src's) equal to it, as in PyTorch.
   */
  static Tensor[] extremumScatterGrad(
      Tensor g, Node n, int dim, Tensor index, Tensor before, boolean self) {
    Tensor out = n.output();
    Tensor src = n.input(1);
    Tensor selfMask;
    Tensor srcMask;
    Tensor count;
    try (var scope = Autograd.noGrad()) {
      Tensor idx = index.dim() == 0 ? index.reshape(1) : index;
      Tensor restricted =
          IndexOps.restrict(src.dim() == 0 ? src.reshape(1) : src, idx).reshape(index.shape());
      Tensor scattered = Tensor.zeros(g.dtype(), out.shape()).scatter(dim, index, 1.0);
      selfMask = self ? before.eq(out).to(g.dtype()) : scattered.neg().add(1);
      srcMask = restricted.eq(out.gather(dim, index)).to(g.dtype());
      count = selfMask.scatterAdd(dim, index, srcMask);
    }
    Tensor share = g.div(count);
    Tensor gSrc = share.gather(dim, index).mul(srcMask);
    return new Tensor[] {share.mul(selfMask), padTo(gSrc, src.shape())};
  }

  /**
   * scatter with reduce PROD: each factor's gradient is g times the product of the other factors
   * sent to its position, exact with zeros (a position with one zero factor passes the product of
   * the rest to that factor only; two or more zeros give every factor zero). Without {@code self},
   * self's value is only kept where no src element arrives.
   */
  static Tensor[] prodScatterGrad(
      Tensor g, Node n, int dim, Tensor index, Tensor before, boolean self) {
    Tensor src = n.input(1);
    Tensor idx = index.dim() == 0 ? index.reshape(1) : index;
    Tensor restricted =
        IndexOps.restrict(src.dim() == 0 ? src.reshape(1) : src, idx).reshape(index.shape());
    Tensor selfFactor = self ? before : Tensor.ones(g.dtype(), before.shape());
    Tensor selfZero = selfFactor.eq(0);
    Tensor srcZero = restricted.eq(0);
    Tensor selfNonzero = PointwiseOps.where(selfZero, Tensor.ones(g.dtype()), selfFactor);
    Tensor srcNonzero = PointwiseOps.where(srcZero, Tensor.ones(g.dtype()), restricted);
    Tensor product = selfNonzero.scatter(dim, index, srcNonzero, ScatterReduce.PROD, true);
    Tensor zeros = selfZero.to(g.dtype()).scatterAdd(dim, index, srcZero.to(g.dtype()));
    Tensor gp = g.mul(product);
    Tensor none = zeros.eq(0);
    Tensor one = zeros.eq(1);
    Tensor zero = Tensor.zeros(g.dtype());
    Tensor gSelf =
        self
            ? PointwiseOps.where(
                none, gp.div(selfNonzero), PointwiseOps.where(one.logicalAnd(selfZero), gp, zero))
            : g.scatter(dim, index, 0.0);
    Tensor gpAt = gp.gather(dim, index);
    Tensor gSrc =
        PointwiseOps.where(
            none.gather(dim, index),
            gpAt.div(srcNonzero),
            PointwiseOps.where(one.gather(dim, index).logicalAnd(srcZero), gpAt, zero));
    return new Tensor[] {gSelf, padTo(gSrc, src.shape())};
  }

  /**
   * scatter (replace, sum, mean): self's gradient is g, zero where its value was replaced and
   * divided by the count for a mean; src's is g (over the count) gathered at index, zero for src
   * elements outside index's extent.
   */
  static Tensor[] scatterGrad(
      Tensor g, int dim, Tensor index, int[] srcShape, ScatterReduce reduce, boolean self) {
    Tensor scaled = g;
    if (reduce == ScatterReduce.MEAN) {
      Tensor g0 = g.dim() == 0 ? g.reshape(1) : g;
      Tensor idx = index.dim() == 0 ? index.reshape(1) : index;
      int d = Shapes.normalizeDim(IndexOps.SCATTER.name(), dim, g0.dim());
      scaled = g.div(IndexOps.meanCount(g.dtype(), g0.shape(), d, idx, self).reshape(g.shape()));
    }
    boolean replaced = reduce == null || !self;
    Tensor gSelf = replaced ? scaled.scatter(dim, index, 0.0) : scaled;
    return new Tensor[] {gSelf, padTo(scaled.gather(dim, index), srcShape)};
  }

  /** {@code t} placed at the start of zeros of a shape at least as large on every dim. */
  static Tensor padTo(Tensor t, int[] shape) {
    if (Arrays.equals(t.shape(), shape)) {
      return t;
    }
    Tensor out = Tensor.zeros(t.dtype(), shape);
    Tensor region = out;
    for (int d = 0; d < shape.length; d++) {
      region = region.narrow(d, 0, t.size(d));
    }
    region.copy_(t);
    return out;
  }

  /** take: {@code g} added into zeros of x's shape at the (wrapped) flat positions. */
  static Tensor takeGrad(Tensor g, Node n, Tensor index) {
    int[] shape = n.inputShape(0);
    long numel = Shapes.numel(shape);
    Tensor flatIndex = index.reshape(-1);
    Tensor wrapped = PointwiseOps.where(flatIndex.lt(0), flatIndex.add(numel), flatIndex);
    Tensor zeros = Tensor.zeros(g.dtype(), (int) numel);
    return zeros.indexAdd(0, wrapped, g.reshape(-1)).reshape(shape);
  }
}
