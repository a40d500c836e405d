package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.Kiln;
import dev.kiln.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every op-table row against PyTorch's results. Surefire runs this class twice: with the
 * kernels this JVM chose, and again with {@code -Dkiln.kernels=scalar}.
 */
class OpTableTest {
  @TestFactory
  Stream<DynamicTest> everyRowMatchesPyTorch() {
    String kernels = Kiln.cpuKernels();
    return OpTable.all().stream()
        .map(c -> DynamicTest.dynamicTest(c + " [" + kernels + "]", () -> check(c)));
  }

  static void check(OpCase c) throws Exception {
    Fixtures.Sample s = Fixtures.load(c.dir());
    Tensor[] actual = c.fn().apply(s.inputs());
    assertEquals(s.outputs().length, actual.length, c + ": number of outputs");
    for (int i = 0; i < actual.length; i++) {
      assertMatches(c + " output " + i, s.outputs()[i], actual[i], c.rtol(), c.atol());
    }
  }

  /** Same shape, same dtype, values equal (floats within tolerance; NaN matches NaN). */
  static void assertMatches(String what, Tensor expected, Tensor actual, double rtol, double atol) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    if (!expected.dtype().isFloatingPoint()) {
      assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what + ": values");
      return;
    }
    for (int i = 0; i < e.length; i++) {
      boolean ok =
          Double.isNaN(e[i])
              ? Double.isNaN(a[i])
              : e[i] == a[i] || Math.abs(e[i] - a[i]) <= atol + rtol * Math.abs(e[i]);
      if (!ok) {
        fail(
            what
                + ": element "
                + i
                + " expected "
                + e[i]
                + " but was "
                + a[i]
                + " (rtol "
                + rtol
                + ", atol "
                + atol
                + ")");
      }
    }
  }
}
