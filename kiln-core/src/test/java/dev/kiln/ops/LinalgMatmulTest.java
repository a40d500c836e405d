package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Matmul properties the fixtures cannot show: exact integers and agreement of the paths. */
class LinalgMatmulTest {
  @Test
  void int64ProductsAreExactBeyondDoublePrecision() {
    long big = (1L << 53) + 1;
    Tensor a = Tensor.of(new long[][] {{big, 1}});
    Tensor b = Tensor.of(new long[][] {{1}, {2}});
    assertEquals(big + 2, a.matmul(b).getLong(0, 0));
  }

  @Test
  void foldedAndBroadcastBatchesAgree() {
    Tensor a = Tensor.rand(3, 4, 5);
    Tensor b = Tensor.rand(5, 6);
    // b 2-D folds a's batch into rows; b expanded to 3-D takes the batched path
    Tensor folded = a.matmul(b);
    Tensor batched = a.matmul(b.expand(3, 5, 6));
    assertArrayEquals(folded.toFloatArray(), batched.toFloatArray(), 1e-6f);
    assertArrayEquals(
        folded.toFloatArray(), Tensor.einsum("bij,jk->bik", a, b).toFloatArray(), 1e-6f);
  }

  @Test
  void fusedAddmmMatchesProductPlusBiasWithGradients() {
    // Linear's shape: bias [out] broadcast over rows, weight [out, in] read transposed
    Generator g = new Generator(3);
    for (int[] bias : new int[][] {{7}, {1, 7}, {5, 7}}) {
      Tensor b = Tensor.randn(g, DType.FLOAT64, bias).requiresGrad_(true);
      Tensor x = Tensor.randn(g, DType.FLOAT64, 5, 4).requiresGrad_(true);
      Tensor w = Tensor.randn(g, DType.FLOAT64, 7, 4).requiresGrad_(true);
      Tensor fused = b.addmm(x, w.t());
      Tensor composite = x.matmul(w.t()).add(b);
      assertArrayEquals(composite.toDoubleArray(), fused.toDoubleArray(), 1e-12);
      GradCheck.gradcheck(t -> new Tensor[] {t[0].addmm(t[1], t[2].t())}, new Tensor[] {b, x, w});
      GradCheck.gradgradcheck(
          t -> new Tensor[] {t[0].addmm(t[1], t[2].t())}, new Tensor[] {b, x, w});
    }
  }
}
