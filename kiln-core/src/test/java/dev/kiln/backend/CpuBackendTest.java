package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.backend.cpu.CpuBackend;
import dev.kiln.backend.cpu.CpuKernelsProvider;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The float32 fast paths of {@link CpuBackend} that the op table does not reach directly. */
class CpuBackendTest {
  private static final Backend CPU = new CpuBackend(CpuKernelsProvider.get());

  private static Tensor wrap(float[] data, int[] shape, int[] strides, int offset) {
    return Tensor.wrap(new Storage.FloatStorage(data), DType.FLOAT32, shape, strides, offset);
  }

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  @Test
  void fillWritesOnlyTheView() {
    float[] data = new float[24];
    // a strided view with gaps: rows 8 apart, every other column, from offset 1
    CPU.fill(wrap(data, new int[] {3, 2}, new int[] {8, 2}, 1), 2.5);
    float[] want = new float[24];
    for (int i : new int[] {1, 3, 9, 11, 17, 19}) {
      want[i] = 2.5f;
    }
    assertArrayEquals(want, data);
    float[] big = new float[100_000];
    CPU.fill(wrap(big, new int[] {99_990}, new int[] {1}, 7), -1);
    assertEquals(0f, big[6]);
    assertEquals(-1f, big[7]);
    assertEquals(-1f, big[99_996]);
    assertEquals(0f, big[99_997]);
  }

  @Test
  void copyHandlesContiguousStridedAndBroadcastSources() {
    float[] src = random(12, 1);
    float[] dst = new float[12];
    CPU.copy(
        wrap(src, new int[] {3, 4}, new int[] {4, 1}, 0),
        wrap(dst, new int[] {3, 4}, new int[] {4, 1}, 0));
    assertArrayEquals(src, dst);
    // transposed source [4, 3] of src read as [3, 4]^T
    float[] t = new float[12];
    CPU.copy(
        wrap(src, new int[] {4, 3}, new int[] {1, 4}, 0),
        wrap(t, new int[] {4, 3}, new int[] {3, 1}, 0));
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(src[j * 4 + i], t[i * 3 + j]);
      }
    }
    // a row broadcast down 3 rows
    float[] b = new float[12];
    CPU.copy(
        wrap(src, new int[] {3, 4}, new int[] {0, 1}, 8),
        wrap(b, new int[] {3, 4}, new int[] {4, 1}, 0));
    for (int i = 0; i < 12; i++) {
      assertEquals(src[8 + i % 4], b[i]);
    }
  }

  @Test
  void matmulSplitAcrossThreadsMatchesOneThread() {
    int batch = 3;
    int m = 37;
    int k = 300;
    int n = 200;
    float[] a = random(batch * m * k + 5, 2);
    float[] b = random(batch * k * n + 3, 3);
    Tensor at = wrap(a, new int[] {batch, m, k}, new int[] {m * k, k, 1}, 5);
    Tensor bt = wrap(b, new int[] {batch, k, n}, new int[] {k * n, n, 1}, 3);
    float[] one = new float[batch * m * n];
    float[] many = new float[batch * m * n];
    int saved = Parallel.getNumThreads();
    try {
      Parallel.setNumThreads(1);
      CPU.matmul(at, bt, wrap(one, new int[] {batch, m, n}, new int[] {m * n, n, 1}, 0));
      // 4 chunks of 28 rows: chunks start inside a batch and cross into the next one
      Parallel.setNumThreads(4);
      CPU.matmul(at, bt, wrap(many, new int[] {batch, m, n}, new int[] {m * n, n, 1}, 0));
    } finally {
      Parallel.setNumThreads(saved);
    }
    // the same kernel computes every element the same way whichever rows a call covers
    assertArrayEquals(one, many);
    for (int[] e : new int[][] {{0, 0, 0}, {1, 20, 199}, {2, 36, 57}}) {
      double ref = 0;
      for (int p = 0; p < k; p++) {
        ref += (double) a[5 + e[0] * m * k + e[1] * k + p] * b[3 + e[0] * k * n + p * n + e[2]];
      }
      assertEquals(ref, one[e[0] * m * n + e[1] * n + e[2]], 1e-4);
    }
  }

  @Test
  void float32PredicatesWriteBoolsAndBoolsCopyToFloat32() {
    int n = 1029;
    float[] a = random(n + 2, 4);
    float[] b = random(2 * n, 5);
    a[7] = Float.NaN;
    b[14] = Float.NaN;
    a[9] = b[18]; // a tie
    Tensor at = wrap(a, new int[] {n}, new int[] {1}, 2);
    Tensor bt = wrap(b, new int[] {n}, new int[] {2}, 0); // strided
    Tensor zero = wrap(new float[] {0}, new int[] {n}, new int[] {0}, 0); // broadcast scalar
    for (BinaryKind kind : BinaryKind.values()) {
      if (!kind.isPredicate() || !kind.supportsFloats()) {
        continue;
      }
      for (Tensor other : new Tensor[] {bt, zero}) {
        Tensor out = Tensor.empty(DType.BOOL, n);
        CPU.binary(kind, at, other, out);
        Tensor asFloat = Tensor.empty(DType.FLOAT32, n);
        CPU.copy(out, asFloat);
        float[] got = asFloat.toFloatArray();
        for (int i = 0; i < n; i++) {
          double ob = other == zero ? 0 : b[2 * i];
          float want = kind.apply(a[2 + i], ob) != 0 ? 1f : 0f;
          assertEquals(want, got[i], kind + " element " + i);
        }
      }
    }
  }
}
