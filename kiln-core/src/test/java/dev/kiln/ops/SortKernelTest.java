package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The merge sort in {@code CpuSortKernels} against a boxed reference (Java's stable object sort
 * with NaN last) on odd lane lengths, with ties and NaN, and with enough lanes to run in parallel.
 */
class SortKernelTest {
  private static final int[] LENGTHS = {0, 1, 7, 17, 1023};

  @Test
  void stableSortMatchesBoxedReference() {
    Random random = new Random(42);
    for (int len : LENGTHS) {
      for (boolean descending : new boolean[] {false, true}) {
        int lanes = len > 100 ? 70 : 40;
        double[] data = new double[lanes * len];
        for (int i = 0; i < data.length; i++) {
          data[i] = random.nextInt(10) == 0 ? Double.NaN : random.nextInt(len / 2 + 2);
        }
        Tensor x = Tensor.of(data).reshape(lanes, len);
        // sort along dim 0 of the transpose: lanes are strided
        ValuesIndices r = x.t().sort(0, descending);
        for (int lane = 0; lane < lanes; lane++) {
          Integer[] order = new Integer[len];
          Arrays.setAll(order, i -> i);
          int base = lane * len;
          Comparator<Integer> asc =
              (a, b) -> Double.compare(data[base + a], data[base + b]); // NaN last, as Kiln
          Arrays.sort(order, descending ? asc.reversed() : asc);
          long[] expected = Arrays.stream(order).mapToLong(i -> i).toArray();
          double[] expectedValues = Arrays.stream(order).mapToDouble(i -> data[base + i]).toArray();
          assertArrayEquals(
              expected,
              r.indices().select(1, lane).toLongArray(),
              "len " + len + " lane " + lane + " descending " + descending);
          assertArrayEquals(expectedValues, r.values().select(1, lane).toDoubleArray());
        }
      }
    }
  }

  @Test
  void int64SortMatchesArraysSort() {
    Random random = new Random(7);
    long[] data = random.longs(5000).toArray();
    long[] expected = data.clone();
    Arrays.sort(expected);
    assertArrayEquals(expected, Tensor.of(data).sort().values().toLongArray());
  }
}
