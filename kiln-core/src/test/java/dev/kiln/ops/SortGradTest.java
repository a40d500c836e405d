package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the sorting family at ties, where gradcheck cannot look (the op-table rows there are
 * skipped as kinks): as in PyTorch, each value's gradient goes to the element its returned index
 * names, and the all-dims median splits its gradient among the elements equal to it.
 */
class SortGradTest {
  private static final double[][] TIED = {{3, 1, 1, 2}, {1, 5, 1, 5}, {2, 2, 4, 4}};

  /** The gradient of {@code values.sum()} with respect to a fresh float64 leaf of {@code TIED}. */
  private static Tensor gradOfSum(Function<Tensor, ValuesIndices> op, Tensor[] indices) {
    Tensor x = Tensor.of(TIED).requiresGrad_(true);
    ValuesIndices r = op.apply(x);
    assertFalse(r.indices().requiresGrad(), "indices must not require grad");
    indices[0] = r.indices();
    return Autograd.grad(r.values().sum(), x)[0];
  }

  /** Zeros of TIED's shape with 1 added at each position that {@code idx} names along dim 1. */
  private static Tensor hits(Tensor idx) {
    Tensor kept = idx.dim() == 1 ? idx.unsqueeze(1) : idx;
    Tensor ones = Tensor.ones(DType.FLOAT64, kept.shape());
    return Tensor.zerosLike(Tensor.of(TIED)).scatterAdd(1, kept, ones);
  }

  @Test
  void selectionsAtTiesSendTheGradientToTheReturnedIndex() {
    for (Function<Tensor, ValuesIndices> op :
        List.<Function<Tensor, ValuesIndices>>of(
            x -> x.sort(1),
            x -> x.topk(2, 1),
            x -> x.kthvalue(2, 1),
            x -> x.median(1),
            x -> x.mode(1),
            x -> x.cummax(1),
            x -> x.cummin(1))) {
      Tensor[] idx = new Tensor[1];
      Tensor g = gradOfSum(op, idx);
      assertArrayEquals(hits(idx[0]).toDoubleArray(), g.toDoubleArray());
    }
  }

  @Test
  void allDimsMedianSplitsTheGradientAmongEqualElements() {
    Tensor x = Tensor.of(TIED).requiresGrad_(true);
    Tensor m = x.median();
    Tensor g = Autograd.grad(m, x)[0];
    Tensor equal = x.detach().eq(m.detach());
    double count = equal.sum().item();
    assertEquals(1.0, g.sum().item(), 1e-12);
    assertArrayEquals(equal.to(DType.FLOAT64).div(count).toDoubleArray(), g.toDoubleArray());
  }

  @Test
  void allDimsMedianOfNaNSendsTheGradientToTheNaNs() {
    Tensor x = Tensor.of(1.0, Double.NaN, 2.0, Double.NaN).requiresGrad_(true);
    Tensor g = Autograd.grad(x.median(), x)[0];
    Tensor nans = x.detach().isnan().to(DType.FLOAT64);
    assertArrayEquals(nans.div(nans.sum()).toDoubleArray(), g.toDoubleArray());
  }
}
