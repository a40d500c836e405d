package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reduction gives the same result on a permuted, sliced view as on a contiguous copy of it,
 * at sizes that exercise the vector kernels' tails (odd sizes, more than one vector).
 */
class ReduceLayoutTest {
  private record Check(String name, Function<Tensor, Tensor> fn) {}

  private static final List<Check> CHECKS =
      List.of(
          new Check("sum dims", x -> x.sum(new int[] {0, 2}, false)),
          new Check("sum all", Tensor::sum),
          new Check("prod dim", x -> x.add(2).prod(1)),
          new Check("mean dims keepdim", x -> x.mean(new int[] {1, 2}, true)),
          new Check("amax dims", x -> x.amax(new int[] {0, 1}, false)),
          new Check("amin all", Tensor::amin),
          new Check("max dim values", x -> x.max(2).values()),
          new Check("max dim indices", x -> x.max(2).indices()),
          new Check("argmin all", Tensor::argmin),
          new Check("var dims", x -> x.var(new int[] {0, 2}, false)),
          new Check("std dim", x -> x.std(1)),
          new Check("norm p3", x -> x.norm(3, new int[] {1}, false)),
          new Check("logsumexp dims", x -> x.logsumexp(new int[] {0, 1}, false)),
          new Check("softmax", x -> x.softmax(1)),
          new Check("logSoftmax", x -> x.logSoftmax(0)),
          new Check("cumsum", x -> x.cumsum(2)),
          new Check("cumprod", x -> x.cumprod(0)),
          new Check("any", x -> greater(x, 0.9).any(1)),
          new Check("countNonzero", x -> greater(x, 0).countNonzero(0, 2)));

  private static Tensor greater(Tensor x, double v) {
    return BinaryOps.GT.apply(x, Tensor.wrapNumber(v));
  }

  private static Tensor view(long seed) {
    Random random = new Random(seed);
    float[] data = new float[5 * 19 * 37];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat() * 2 - 1;
    }
    // [5, 19, 37] -> [37, 5, 19] -> every other row of the first dim: [19, 5, 19], no dim
    // contiguous
    return Tensor.of(data).reshape(5, 19, 37).permute(2, 0, 1).slice(0, 0, 37, 2);
  }

  @TestFactory
  List<DynamicTest> viewsMatchContiguousCopies() {
    return CHECKS.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c))).toList();
  }

  private static void check(Check c) {
    Tensor x = view(42);
    Tensor strided = c.fn().apply(x);
    Tensor contiguous = c.fn().apply(x.contiguous());
    assertArrayEquals(contiguous.shape(), strided.shape(), c.name() + ": shape");
    assertEquals(contiguous.dtype(), strided.dtype(), c.name() + ": dtype");
    double[] e = contiguous.toDoubleArray();
    double[] a = strided.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      // different layouts may sum in a different order: allow float32 rounding
      assertEquals(e[i], a[i], 1e-5 * Math.max(1, Math.abs(e[i])), c.name() + " element " + i);
    }
  }
}
