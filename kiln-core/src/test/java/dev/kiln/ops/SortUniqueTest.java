package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.UniqueValues;
import org.junit.jupiter.api.Test;

/**
 * {@code unique(false)}: PyTorch leaves the unsorted order unspecified (its CPU kernel uses hash
 * order), so no fixture can pin it; Kiln returns values in order of first occurrence.
 */
class SortUniqueTest {
  @Test
  void unsortedUniqueKeepsFirstOccurrenceOrder() {
    Tensor x = Tensor.of(new long[][] {{3, 1, 3}, {2, 1, 5}});
    UniqueValues u = x.unique(false);
    assertArrayEquals(new long[] {3, 1, 2, 5}, u.values().toLongArray());
    assertArrayEquals(new long[] {0, 1, 0, 2, 1, 3}, u.inverse().toLongArray());
    assertArrayEquals(new int[] {2, 3}, u.inverse().shape());
    assertArrayEquals(new long[] {2, 2, 1, 1}, u.counts().toLongArray());
  }

  @Test
  void inverseRebuildsTheInput() {
    Tensor x = Tensor.of(0.5f, -1f, 0.5f, 2f, -1f, 7f);
    for (boolean sorted : new boolean[] {true, false}) {
      UniqueValues u = x.unique(sorted);
      float[] v = u.values().toFloatArray();
      long[] inv = u.inverse().toLongArray();
      float[] rebuilt = new float[inv.length];
      for (int i = 0; i < inv.length; i++) {
        rebuilt[i] = v[(int) inv[i]];
      }
      assertArrayEquals(x.toFloatArray(), rebuilt);
    }
  }
}
