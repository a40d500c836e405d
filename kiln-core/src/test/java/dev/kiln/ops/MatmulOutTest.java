package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code matmul(a, b, out)} and {@code mm(a, b, out)} (PyTorch's {@code out=}): the product lands
 * in {@code out} for every rank combination and {@code out} layout, with the allocating call's
 * values; bad {@code out} arguments are refused. Runs again with {@code -Dkiln.blas=off} (the Java
 * GEMM; see kiln-core's pom), so both GEMMs write into {@code out}.
 */
class MatmulOutTest {
  private static final Generator G = new Generator(11);

  /** The allocating product, {@code out} of that shape filled with NaN, and the call into it. */
  private static void checkInto(Tensor a, Tensor b, Tensor out) {
    Tensor want = a.matmul(b);
    out.fill_(Double.NaN);
    int version = out.version();
    assertSame(out, a.matmul(b, out));
    assertTrue(out.version() > version, "out's version counter moves");
    String what = Arrays.toString(a.shape()) + " @ " + Arrays.toString(b.shape());
    double tol = a.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
    assertArrayEquals(want.toDoubleArray(), out.toDoubleArray(), tol, what);
  }

  private static Tensor rand(DType t, int... shape) {
    return t.isFloatingPoint()
        ? Tensor.rand(G, t, shape)
        : Tensor.rand(G, DType.FLOAT64, shape).mul(20).sub(10).to(t);
  }

  @Test
  void everyRankCombinationWritesTheProduct() {
    // 1-D x 1-D, vector x matrix, matrix x vector, 2-D, stack x matrix (folded), broadcast
    // batches, and one product large enough to be split into row blocks (2^25 multiply-adds)
    int[][][] cases = {
      {{7}, {7}},
      {{5}, {5, 3}},
      {{4, 5}, {5}},
      {{6, 9}, {9, 4}},
      {{3, 4, 5}, {5, 6}},
      {{2, 1, 4, 5}, {3, 5, 6}},
      {{2, 40, 33}, {2, 33, 20}},
      {{330, 330}, {330, 330}}
    };
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
      for (int[][] c : cases) {
        if (t == DType.INT64 && c[0][0] == 330) {
          continue;
        }
        Tensor a = rand(t, c[0]);
        Tensor b = rand(t, c[1]);
        checkInto(a, b, Tensor.empty(t, a.matmul(b).shape()));
      }
    }
  }

  @Test
  void writesStraightIntoAContiguousOut() {
    Tensor a = Tensor.rand(G, DType.FLOAT32, 64, 70);
    Tensor b = Tensor.rand(G, DType.FLOAT32, 70, 90);
    Tensor out = Tensor.empty(64, 90);
    Object storage = out.storage().array();
    checkInto(a, b, out);
    assertSame(storage, out.storage().array());
  }

  @Test
  void stridedOutGetsTheProductAndNothingElse() {
    Tensor a = Tensor.rand(G, DType.FLOAT32, 3, 40, 50);
    Tensor b = Tensor.rand(G, DType.FLOAT32, 3, 50, 30);
    // rows padded by 5 columns: the padding keeps its value
    Tensor padded = Tensor.full(7, 3, 40, 35);
    checkInto(a, b, padded.narrow(2, 0, 30));
    assertEquals(1.0, padded.narrow(2, 30, 5).eq(7).all().item(), "padding untouched");
    // column-major matrices, and every other row
    checkInto(a, b, Tensor.empty(3, 30, 40).mT());
    checkInto(a, b, Tensor.empty(3, 80, 30).slice(1, 0, 80, 2));
    // batch dims that cannot be viewed as one (the product goes through a copy)
    Tensor a4 = Tensor.rand(G, DType.FLOAT64, 2, 3, 8, 9);
    Tensor b4 = Tensor.rand(G, DType.FLOAT64, 9, 5);
    checkInto(a4, b4, Tensor.empty(DType.FLOAT64, 3, 2, 8, 5).transpose(0, 1));
    checkInto(a4, b4.expand(2, 3, 9, 5), Tensor.empty(DType.FLOAT64, 3, 2, 8, 5).transpose(0, 1));
    // the stack folded into the rows of one product, with out's rows not one range
    Tensor a3 = Tensor.rand(G, DType.FLOAT32, 4, 60, 70);
    checkInto(a3, Tensor.rand(G, DType.FLOAT32, 70, 80), Tensor.empty(60, 4, 80).transpose(0, 1));
  }

  @Test
  void outSharingAnOperandsMemoryGetsTheProductOfTheOldValues() {
    Tensor a = Tensor.rand(G, DType.FLOAT64, 20, 20);
    Tensor b = Tensor.rand(G, DType.FLOAT64, 20, 20);
    Tensor want = a.matmul(b);
    assertArrayEquals(want.toDoubleArray(), a.matmul(b, a).toDoubleArray(), 1e-12);
    Tensor c = Tensor.rand(G, DType.FLOAT64, 20, 20);
    Tensor want2 = c.matmul(c.t());
    assertArrayEquals(want2.toDoubleArray(), c.matmul(c.t(), c).toDoubleArray(), 1e-12);
  }

  @Test
  void emptyInnerDimensionWritesZeros() {
    Tensor out = Tensor.full(Double.NaN, 3, 4);
    Tensor.empty(3, 0).matmul(Tensor.empty(0, 4), out);
    assertArrayEquals(new float[12], out.toFloatArray());
  }

  @Test
  void mmWritesIntoOutAndChecksRanks() {
    Tensor a = Tensor.rand(G, DType.FLOAT32, 30, 40);
    Tensor b = Tensor.rand(G, DType.FLOAT32, 40, 50);
    Tensor out = Tensor.full(Double.NaN, 30, 50);
    assertSame(out, a.mm(b, out));
    assertArrayEquals(a.mm(b).toFloatArray(), out.toFloatArray(), 1e-5f);
    var e = assertThrows(IllegalArgumentException.class, () -> a.mm(b.unsqueeze(0), out));
    assertTrue(e.getMessage().startsWith("mm: expected 2-D and 2-D"), e.getMessage());
  }

  @Test
  void badOutIsRefusedWithItsShapeAndDtype() {
    Tensor a = Tensor.rand(G, DType.FLOAT32, 3, 4);
    Tensor b = Tensor.rand(G, DType.FLOAT32, 4, 5);
    var shape = assertThrows(IllegalArgumentException.class, () -> a.matmul(b, Tensor.empty(5, 3)));
    assertEquals(
        "matmul: out has shape [5, 3], dtype float32 and device cpu, expected shape [3, 5], dtype"
            + " float32 and device cpu",
        shape.getMessage());
    var dtype =
        assertThrows(
            IllegalArgumentException.class, () -> a.matmul(b, Tensor.empty(DType.FLOAT64, 3, 5)));
    assertTrue(dtype.getMessage().contains("dtype float64"), dtype.getMessage());
    var expanded =
        assertThrows(
            IllegalArgumentException.class, () -> a.matmul(b, Tensor.empty(3, 1).expand(3, 5)));
    assertTrue(expanded.getMessage().contains("single memory location"), expanded.getMessage());
    var none = assertThrows(NullPointerException.class, () -> a.matmul(b, null));
    assertEquals("matmul: out must be a tensor, got null", none.getMessage());
    var inner = assertThrows(IllegalArgumentException.class, () -> a.matmul(a, Tensor.empty(3, 4)));
    assertEquals(
        "matmul: shapes [3, 4] and [3, 4] cannot be multiplied (4 != 3)", inner.getMessage());
  }

  @Test
  void outIsNotDifferentiable() {
    Tensor a = Tensor.rand(G, DType.FLOAT64, 3, 4).requiresGrad_(true);
    Tensor b = Tensor.rand(G, DType.FLOAT64, 4, 5);
    Tensor out = Tensor.empty(DType.FLOAT64, 3, 5);
    var e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b, out));
    assertTrue(e.getMessage().contains("don't support automatic differentiation"));
    Tensor leaf = Tensor.empty(DType.FLOAT64, 3, 5).requiresGrad_(true);
    Tensor c = a.detach();
    assertThrows(IllegalArgumentException.class, () -> c.matmul(b, leaf));
    try (var scope = Autograd.noGrad()) {
      assertSame(out, a.matmul(b, out));
    }
    assertArrayEquals(c.matmul(b).toDoubleArray(), out.toDoubleArray(), 1e-12);
  }
}
