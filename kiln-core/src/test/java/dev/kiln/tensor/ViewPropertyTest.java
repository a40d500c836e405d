package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Round trips of permute/transpose/reshape and slicing against flat-index arithmetic. */
class ViewPropertyTest {
  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A contiguous float64 tensor holding 0, 1, 2, ... so each value names its flat index. */
  static Tensor iota(int[] shape) {
    double[] v = new double[Shapes.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return Tensor.of(v).reshape(shape);
  }

  private static int[] permutation(int rank, long seed) {
    List<Integer> p = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      p.add(i);
    }
    Collections.shuffle(p, new Random(seed));
    return toArray(p);
  }

  @Property(tries = 100)
  void permuteThenInversePermuteIsIdentity(
      @ForAll @Size(max = 5) List<@IntRange(min = 0, max = 4) Integer> shape, @ForAll long seed) {
    int[] s = toArray(shape);
    Tensor x = iota(s);
    int[] p = permutation(s.length, seed);
    int[] inverse = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      inverse[p[i]] = i;
    }
    Tensor y = x.permute(p);
    for (int i = 0; i < p.length; i++) {
      assertEquals(s[p[i]], y.size(i));
    }
    Tensor back = y.permute(inverse);
    assertArrayEquals(x.shape(), back.shape());
    assertArrayEquals(x.strides(), back.strides());
    assertArrayEquals(x.toDoubleArray(), back.toDoubleArray());
  }

  @Property(tries = 100)
  void transposeTwiceIsIdentityAndSwapsIndices(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 4) Integer> shape,
      @ForAll @IntRange(min = -4, max = 3) int a,
      @ForAll @IntRange(min = -4, max = 3) int b) {
    int[] s = toArray(shape);
    int d0 = Math.floorMod(a, s.length);
    int d1 = Math.floorMod(b, s.length);
    Tensor x = iota(s);
    Tensor t = x.transpose(d0, d1);
    assertArrayEquals(x.toDoubleArray(), t.transpose(d0, d1).toDoubleArray());
    int[] idx = new int[s.length];
    idx[d0] = s[d0] - 1;
    int[] swapped = idx.clone();
    swapped[d0] = idx[d1];
    swapped[d1] = idx[d0];
    assertEquals(x.get(idx), t.get(swapped));
  }

  @Property(tries = 100)
  void reshapeOfAPermutedViewRoundTrips(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 4) Integer> shape,
      @ForAll long seed) {
    int[] s = toArray(shape);
    Tensor v = iota(s).permute(permutation(s.length, seed));
    double[] flat = v.toDoubleArray();
    Tensor r = v.reshape(-1).reshape(v.shape());
    assertArrayEquals(v.shape(), r.shape());
    assertArrayEquals(flat, r.toDoubleArray());
    assertArrayEquals(flat, v.flatten().toDoubleArray());
    assertArrayEquals(flat, v.contiguous().view(-1).toDoubleArray());
  }

  /** Python's {@code range(n)[start:stop:step]} by enumeration, independent of slice's code. */
  static List<Integer> pythonSlice(int n, int start, int stop, int step) {
    int s = start < 0 ? Math.max(start + n, 0) : Math.min(start, n);
    int e = stop < 0 ? Math.max(stop + n, 0) : Math.min(stop, n);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i >= s && i < e && (i - s) % step == 0) {
        out.add(i);
      }
    }
    return out;
  }

  @Property(tries = 200)
  void sliceWithStepMatchesIndexArithmetic(
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 6) Integer> shape,
      @ForAll @IntRange(min = 0, max = 2) int dimChoice,
      @ForAll @IntRange(min = -8, max = 8) int start,
      @ForAll @IntRange(min = -8, max = 8) int stop,
      @ForAll @IntRange(min = 1, max = 4) int step,
      @ForAll boolean transposeFirst) {
    int[] s = toArray(shape);
    Tensor x = iota(s);
    if (transposeFirst) {
      x = x.transpose(0, s.length - 1);
    }
    int[] xs = x.shape();
    int dim = dimChoice % xs.length;
    Tensor y = x.slice(dim, start, stop, step);
    List<Integer> picked = pythonSlice(xs[dim], start, stop, step);
    int[] expectedShape = xs.clone();
    expectedShape[dim] = picked.size();
    assertArrayEquals(expectedShape, y.shape());
    int[] idx = new int[xs.length];
    for (int flat = 0; flat < y.numel(); flat++) {
      int rem = flat;
      for (int d = xs.length - 1; d >= 0; d--) {
        idx[d] = rem % expectedShape[d];
        rem /= expectedShape[d];
      }
      int[] src = idx.clone();
      src[dim] = picked.get(idx[dim]);
      assertEquals(x.get(src), y.get(idx), "element " + flat);
    }
  }

  @Test
  void hugeStepsAndLengthsDoNotOverflow() {
    Tensor x = iota(new int[] {5});
    Tensor one = x.slice(0, 2, Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertArrayEquals(new int[] {1}, one.shape());
    assertEquals(2.0, one.get(0));
    assertArrayEquals(new int[] {1, 5}, x.unfold(0, 5, Integer.MAX_VALUE).shape());
    assertThrows(IndexOutOfBoundsException.class, () -> x.narrow(0, 1, Integer.MAX_VALUE));
  }
}
