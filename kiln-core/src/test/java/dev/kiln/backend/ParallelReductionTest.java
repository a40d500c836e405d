package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reductions, arg-reductions and scans large enough to be split across the intra-op pool (over
 * {@code 2 * CpuReductions.REDUCE_GRAIN} = 524,288 elements) give bit-identical results for 1, 2
 * and 3 threads (DESIGN §3: a fixed combination order), and agree with a float64 reference computed
 * here.
 */
class ParallelReductionTest {
  private int saved;

  @BeforeEach
  void save() {
    saved = Parallel.getNumThreads();
  }

  @AfterEach
  void restore() {
    Parallel.setNumThreads(saved);
  }

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  private static Tensor tensor(float[] data, int... shape) {
    return Tensor.wrap(new Storage.FloatStorage(data), DType.FLOAT32, shape);
  }

  /** {@code f(x)} with 1, 2 and 3 threads: all three results must be bit-identical. */
  private static float[] sameForEveryThreadCount(UnaryOperator<Tensor> f, Tensor x) {
    float[] first = null;
    for (int threads : new int[] {1, 2, 3}) {
      Parallel.setNumThreads(threads);
      float[] got = f.apply(x).to(DType.FLOAT32).toFloatArray();
      if (first == null) {
        first = got;
      } else {
        assertArrayEquals(first, got, threads + " threads changed the result");
      }
    }
    return first;
  }

  @Test
  void fullSumIsDeterministicAndAccurate() {
    // not a multiple of the chunk size, and large enough for many chunks and tasks
    int n = 21 * (1 << 15) + 12_345;
    float[] data = random(n, 1);
    double exact = 0;
    for (float v : data) {
      exact += v;
    }
    float got = sameForEveryThreadCount(Tensor::sum, tensor(data, n))[0];
    // sum |x| is about n / 2 = 1.2e5: 1e-3 is ~1e-8 of it, far above the float lanes' rounding
    assertEquals((float) exact, got, 1e-3);
  }

  @Test
  void fullReductionsOfStridedViewsAreDeterministic() {
    float[] data = random(800 * 700, 2);
    Tensor t = tensor(data, 800, 700).t(); // column-major view
    for (UnaryOperator<Tensor> f :
        List.<UnaryOperator<Tensor>>of(Tensor::sum, Tensor::amax, Tensor::amin, Tensor::mean)) {
      sameForEveryThreadCount(f, t);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float v : data) {
      max = Math.max(max, v);
    }
    assertEquals((float) max, sameForEveryThreadCount(Tensor::amax, t)[0]);
  }

  @Test
  void reductionsOverOneDimMatchFloat64() {
    int rows = 1001;
    int cols = 601;
    float[] data = random(rows * cols, 3);
    Tensor x = tensor(data, rows, cols);
    float[] colSums = sameForEveryThreadCount(t -> t.sum(0), x);
    float[] rowSums = sameForEveryThreadCount(t -> t.sum(1), x);
    for (int j = 0; j < cols; j++) {
      double s = 0;
      for (int i = 0; i < rows; i++) {
        s += data[i * cols + j];
      }
      assertEquals((float) s, colSums[j], 1e-6, "column " + j);
    }
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int j = 0; j < cols; j++) {
        s += data[i * cols + j];
      }
      // a row is summed in float vector lanes (blocks of 2048, then double): ~1e-6 relative
      assertEquals((float) s, rowSums[i], 1e-4, "row " + i);
    }
  }

  @Test
  void argReductionsAndScansAreDeterministic() {
    int rows = 1025;
    int cols = 600;
    float[] data = random(rows * cols, 4);
    Tensor x = tensor(data, rows, cols);
    float[] argmax = sameForEveryThreadCount(t -> t.argmax(1, false).to(DType.FLOAT32), x);
    for (int i = 0; i < rows; i++) {
      int best = 0;
      for (int j = 1; j < cols; j++) {
        best = data[i * cols + j] > data[i * cols + best] ? j : best;
      }
      assertEquals(best, (int) argmax[i], "row " + i);
    }
    sameForEveryThreadCount(t -> t.argmin(0, false).to(DType.FLOAT32), x);
    float[] cumsum = sameForEveryThreadCount(t -> t.cumsum(1), x);
    double s = 0;
    for (int j = 0; j < cols; j++) {
      s += data[5 * cols + j];
      assertEquals((float) s, cumsum[5 * cols + j], 1e-5, "cumsum[5, " + j + "]");
    }
    sameForEveryThreadCount(t -> t.cumsum(0), x);
  }
}
