package dev.kiln.ops;

import dev.kiln.autograd.Node;
import dev.kiln.tensor.Tensor;

/**
 * The longer derivatives of the reductions and scans declared in {@link ReduceOps} and {@link
 * ScanOps}, written with Tensor ops so that they differentiate again. Products are handled without
 * dividing by the input, so zeros get their exact gradients; this costs {@code m^2} memory for
 * {@code m} reduced elements.
 */
final class ReduceGrads {
  private ReduceGrads() {}

  /** amax/amin: the gradient split evenly among the elements equal to the extreme. */
  static Tensor extremum(Tensor g, Node n, Tensor out, boolean[] reduced) {
    Tensor x = n.input(0);
    Tensor mask = x.eq(out).to(g.dtype());
    Tensor count = x.dim() == 0 ? mask : mask.sum(dims(reduced), true);
    return g.mul(mask).div(count);
  }

  /** prod: each element's gradient is the product of the other reduced elements. */
  static Tensor prod(Tensor g, Node n, Tensor out, boolean[] reduced) {
    Tensor x = n.input(0);
    if (x.dim() == 0) {
      return g;
    }
    int rank = x.dim();
    int[] perm = new int[rank];
    int[] inverse = new int[rank];
    int k = 0;
    int m = 1;
    for (int pass = 0; pass < 2; pass++) {
      for (int d = 0; d < rank; d++) {
        if (reduced[d] == (pass == 1)) {
          m *= reduced[d] ? x.size(d) : 1;
          perm[k++] = d;
        }
      }
    }
    for (int i = 0; i < rank; i++) {
      inverse[perm[i]] = i;
    }
    Tensor moved = x.permute(perm);
    int[] movedShape = moved.shape();
    int kept = rank - dims(reduced).length;
    int[] flatShape = java.util.Arrays.copyOf(movedShape, kept + 1);
    flatShape[kept] = m;
    Tensor others = exclusiveProducts(moved.reshape(flatShape));
    return g.mul(others.reshape(movedShape).permute(inverse));
  }

  /** For the last dim of size m: element i gets the product of the other m - 1 elements. */
  private static Tensor exclusiveProducts(Tensor t) {
    int m = t.size(-1);
    Tensor rows = t.unsqueeze(-2).expand(expandedShape(t, m));
    Tensor diagonal = Tensor.eye(m, m, dev.kiln.tensor.DType.BOOL);
    return PointwiseOps.where(diagonal, Tensor.onesLike(rows), rows).prod(-1);
  }

  /** cumsum: the reversed cumulative sum of g, as {@code sum - cumsum + g}. */
  static Tensor cumsum(Tensor g, int dim) {
    if (g.dim() == 0) {
      return g;
    }
    return g.sum(new int[] {dim}, true).sub(g.cumsum(dim)).add(g);
  }

  /**
   * cumprod: {@code grad_i = prod_{k<i} x_k * sum_{j>=i} g_j prod_{i<k<=j} x_k}, built from masked
   * copies of x along a new dim, so zeros need no special case.
   */
  static Tensor cumprod(Tensor g, Node n, int dim) {
    Tensor x = n.input(0);
    if (x.dim() == 0) {
      return g;
    }
    Tensor xl = x.transpose(dim, -1);
    Tensor gl = g.transpose(dim, -1);
    int m = xl.size(-1);
    Tensor rows = xl.unsqueeze(-2).expand(expandedShape(xl, m));
    Tensor i = Tensor.arange(0L, m).unsqueeze(1);
    Tensor k = Tensor.arange(0L, m).unsqueeze(0);
    Tensor ones = Tensor.onesLike(rows);
    Tensor before = PointwiseOps.where(k.lt(i), rows, ones).prod(-1);
    Tensor after = PointwiseOps.where(k.gt(i), rows, ones).cumprod(-1);
    Tensor sums = gl.unsqueeze(-2).mul(after).mul(k.ge(i)).sum(new int[] {-1}, false);
    return before.mul(sums).transpose(dim, -1);
  }

  /** t's shape with the last dim m repeated: {@code [..., m, m]}. */
  private static int[] expandedShape(Tensor t, int m) {
    int[] s = java.util.Arrays.copyOf(t.shape(), t.dim() + 1);
    s[t.dim()] = m;
    s[t.dim() - 1] = m;
    return s;
  }

  /** The indices of the reduced dims. */
  static int[] dims(boolean[] reduced) {
    int n = 0;
    for (boolean r : reduced) {
      n += r ? 1 : 0;
    }
    int[] out = new int[n];
    int j = 0;
    for (int d = 0; d < reduced.length; d++) {
      if (reduced[d]) {
        out[j++] = d;
      }
    }
    return out;
  }
}
