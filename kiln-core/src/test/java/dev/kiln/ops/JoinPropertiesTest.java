package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Shape-logic properties of the joining, splitting, reordering and padding ops. */
class JoinPropertiesTest {
  /** A float64 tensor of {@code shape} with seeded values, so equal means same data and order. */
  private static Tensor tensor(List<Integer> shape, long seed) {
    int[] s = shape.stream().mapToInt(Integer::intValue).toArray();
    Random r = new Random(seed);
    double[] v = new double[Arrays.stream(s).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(1000);
    }
    return Tensor.of(v).reshape(s);
  }

  /** Same shape, dtype and values. */
  private static void assertSame(Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    assertEquals(expected.dtype(), actual.dtype(), "dtype");
    assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), "values");
  }

  private static int dimOf(List<Integer> shape, int pick) {
    return Math.floorMod(pick, shape.size());
  }

  @Property
  void splitThenCatIsIdentity(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(max = 5) Integer> shape,
      @ForAll int pick,
      @ForAll @IntRange(min = 1, max = 6) int splitSize,
      @ForAll long seed) {
    Tensor x = tensor(shape, seed);
    int d = dimOf(shape, pick);
    Tensor[] parts = x.split(splitSize, d);
    for (int i = 0; i < parts.length - 1; i++) {
      assertEquals(splitSize, parts[i].size(d));
    }
    assertSame(x, Tensor.cat(d, parts));
  }

  @Property
  void chunkAndTensorSplitCoverTheDim(
      @ForAll @Size(min = 1, max = 3) List<@IntRange(max = 7) Integer> shape,
      @ForAll int pick,
      @ForAll @IntRange(min = 1, max = 8) int n,
      @ForAll long seed) {
    Tensor x = tensor(shape, seed);
    int d = dimOf(shape, pick);
    Tensor[] chunks = x.chunk(n, d);
    assertTrue(chunks.length <= n);
    assertSame(x, Tensor.cat(d, chunks));
    Tensor[] sections = x.tensorSplit(n, d);
    assertEquals(n, sections.length);
    int[] sizes = Arrays.stream(sections).mapToInt(t -> t.size(d)).toArray();
    assertTrue(Arrays.stream(sizes).max().orElse(0) - Arrays.stream(sizes).min().orElse(0) <= 1);
    assertSame(x, Tensor.cat(d, sections));
  }

  @Property
  void stackThenUnbindRoundTrips(
      @ForAll @Size(max = 3) List<@IntRange(max = 4) Integer> shape,
      @ForAll @IntRange(min = 1, max = 4) int count,
      @ForAll int pick,
      @ForAll long seed) {
    Tensor[] ts = new Tensor[count];
    for (int i = 0; i < count; i++) {
      ts[i] = tensor(shape, seed + i);
    }
    int d = Math.floorMod(pick, shape.size() + 1);
    Tensor stacked = Tensor.stack(d, ts);
    assertEquals(count, stacked.size(d));
    Tensor[] back = stacked.unbind(d);
    for (int i = 0; i < count; i++) {
      assertSame(ts[i], back[i]);
    }
    assertSame(stacked, Tensor.stack(d, back));
  }

  @Property
  void flipTwiceIsIdentity(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(max = 4) Integer> shape,
      @ForAll int pick,
      @ForAll long seed) {
    Tensor x = tensor(shape, seed);
    int d = dimOf(shape, pick);
    Tensor once = x.flip(d);
    assertSame(x, once.flip(d));
    if (x.size(d) > 0) {
      assertSame(x.select(d, 0), once.select(d, -1));
    }
  }

  @Property
  void rollThenRollBackIsIdentity(
      @ForAll @Size(min = 1, max = 4) List<@IntRange(max = 5) Integer> shape,
      @ForAll int pick,
      @ForAll @IntRange(min = -12, max = 12) int shift,
      @ForAll long seed) {
    Tensor x = tensor(shape, seed);
    int d = dimOf(shape, pick);
    assertSame(x, x.roll(shift, d).roll(-shift, d));
    assertSame(x, x.roll(shift).roll(-shift));
    if (x.size(d) > 0) {
      assertSame(x, x.roll(x.size(d), d));
    }
  }

  @Property
  void padThenCropIsIdentity(
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 3, max = 5) Integer> shape,
      @ForAll @IntRange(max = 2) int before,
      @ForAll @IntRange(max = 2) int after,
      @ForAll PadMode mode,
      @ForAll long seed) {
    Tensor x = tensor(shape, seed);
    int[] pad = new int[2 * shape.size()];
    int[] crop = new int[pad.length];
    for (int i = 0; i < shape.size(); i++) {
      pad[2 * i] = before;
      pad[2 * i + 1] = after;
      crop[2 * i] = -before;
      crop[2 * i + 1] = -after;
    }
    Tensor padded = x.pad(pad, mode, 1.5);
    for (int i = 0; i < shape.size(); i++) {
      assertEquals(shape.get(i) + before + after, padded.size(i));
    }
    assertSame(x, padded.pad(crop));
  }

  @Property
  void repeatAndTileMultiplyShapes(
      @ForAll @Size(min = 1, max = 3) List<@IntRange(max = 3) Integer> shape,
      @ForAll @Size(min = 3, max = 4) List<@IntRange(max = 3) Integer> reps,
      @ForAll long seed) {
    Tensor x = tensor(shape, seed);
    int[] r = reps.stream().mapToInt(Integer::intValue).toArray();
    Tensor y = x.repeat(r);
    int lead = r.length - shape.size();
    for (int d = 0; d < r.length; d++) {
      assertEquals(r[d] * (d < lead ? 1 : shape.get(d - lead)), y.size(d));
    }
    assertSame(y, x.tile(r));
  }

  @Property
  void gatherInvertsScatterOfAPermutation(
      @ForAll @IntRange(min = 1, max = 6) int n,
      @ForAll @IntRange(min = 1, max = 3) int rows,
      @ForAll long seed) {
    Tensor x = tensor(List.of(rows, n), seed);
    Random r = new Random(seed);
    long[] perm = new long[rows * n];
    for (int i = 0; i < rows; i++) {
      List<Long> p = new java.util.ArrayList<>();
      for (long j = 0; j < n; j++) {
        p.add(j);
      }
      java.util.Collections.shuffle(p, r);
      for (int j = 0; j < n; j++) {
        perm[i * n + j] = p.get(j);
      }
    }
    Tensor idx = Tensor.of(perm).view(rows, n);
    Tensor scattered = Tensor.zeros(dev.kiln.tensor.DType.FLOAT64, rows, n).scatter(1, idx, x);
    assertSame(x, scattered.gather(1, idx));
  }
}
