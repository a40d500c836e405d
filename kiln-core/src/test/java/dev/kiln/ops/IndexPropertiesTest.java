package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties tying the index ops to each other, and in-place forms to out-of-place ones. */
class IndexPropertiesTest {
  private static Tensor tensor(List<Integer> shape, long seed) {
    int[] s = shape.stream().mapToInt(Integer::intValue).toArray();
    Random r = new Random(seed);
    double[] v = new double[Arrays.stream(s).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(7) - 3;
    }
    return Tensor.of(v).reshape(s);
  }

  private static void assertSame(Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    assertEquals(expected.dtype(), actual.dtype(), "dtype");
    assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), "values");
  }

  @Property
  void maskIndexNonzeroAndMaskedSelectAgree(
      @ForAll @Size(min = 1, max = 3) List<@IntRange(max = 4) Integer> shape, @ForAll long seed) {
    Tensor x = tensor(shape, seed);
    Tensor mask = x.gt(0.0);
    Tensor selected = x.maskedSelect(mask);
    assertSame(selected, x.index(mask));
    assertSame(selected, x.index(mask.nonzeroTuple()));
    assertEquals(mask.nonzero().size(0), selected.numel());
  }

  @Property
  void identityIndicesGiveTheInput(
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 4) Integer> shape,
      @ForAll int pick,
      @ForAll long seed) {
    Tensor x = tensor(shape, seed);
    int d = Math.floorMod(pick, shape.size());
    long[] ar = new long[x.size(d)];
    Arrays.setAll(ar, i -> i);
    Tensor arange = Tensor.of(ar);
    assertSame(x, x.indexSelect(d, arange));
    long[] flat = new long[x.numel()];
    Arrays.setAll(flat, i -> i);
    assertSame(x.reshape(-1), x.take(Tensor.of(flat)));
  }

  @Property
  void indexPutWritesBackWhatIndexRead(
      @ForAll @IntRange(min = 1, max = 5) int rows,
      @ForAll @IntRange(min = 1, max = 5) int cols,
      @ForAll long seed) {
    Tensor x = tensor(List.of(rows, cols), seed);
    Random r = new Random(seed);
    long[] pick = r.longs(3, 0, rows).distinct().toArray();
    Tensor idx = Tensor.of(pick);
    Tensor zeros = Tensor.zeros(DType.FLOAT64, rows, cols);
    Tensor put = zeros.indexPut(new Tensor[] {idx}, x.index(idx), false);
    assertSame(x.indexSelect(0, idx), put.indexSelect(0, idx));
    assertSame(put, zeros.indexCopy(0, idx, x.indexSelect(0, idx)));
  }

  @Property
  void inPlaceFormsMatchOutOfPlaceOnStridedTargets(
      @ForAll @IntRange(min = 1, max = 4) int rows,
      @ForAll @IntRange(min = 1, max = 4) int cols,
      @ForAll long seed) {
    Tensor base = tensor(List.of(cols, rows), seed);
    Tensor src = tensor(List.of(1, cols), seed + 1);
    Tensor idx = Tensor.of(new long[] {rows - 1});
    Tensor mask = src.gt(0.0);

    Tensor x = base.clone().t();
    assertSame(x.indexAdd(0, idx, src, 2), x.clone().indexAdd_(0, idx, src, 2));
    Tensor y = base.clone().t();
    Tensor expected = y.indexCopy(0, idx, src);
    y.indexCopy_(0, idx, src);
    assertSame(expected, y);
    Tensor z = base.clone().t();
    expected = z.indexFill(1, Tensor.of(new long[] {0}), 9).maskedFill(mask, -1);
    z.indexFill_(1, Tensor.of(new long[] {0}), 9).maskedFill_(mask, -1);
    assertSame(expected, z);
    Tensor w = base.clone().t();
    Tensor rowIdx = Tensor.zeros(DType.INT64, 1, cols);
    expected = w.scatterAdd(0, rowIdx, src);
    w.scatterAdd_(0, rowIdx, src);
    assertSame(expected, w);
  }
}
