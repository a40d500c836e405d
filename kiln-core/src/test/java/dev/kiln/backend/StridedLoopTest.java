package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link StridedLoop}: coalescing, and that every way of walking a loop visits each element once,
 * in row-major order, at the offsets a naive index enumeration gives.
 */
class StridedLoopTest {
  /** One kernel call, as recorded: offsets and strides per operand, and the run length. */
  record Run(int[] offsets, int[] strides, int n) {}

  private static List<Run> runs(StridedLoop loop) {
    List<Run> out = new ArrayList<>();
    loop.run((o, s, n) -> out.add(new Run(o.clone(), s.clone(), n)));
    return out;
  }

  @Test
  void contiguousTensorIsOneRun() {
    int[] shape = {2, 3, 4};
    StridedLoop loop =
        StridedLoop.of(shape, new int[][] {{12, 4, 1}, {12, 4, 1}}, new int[] {0, 5});
    assertEquals(1, loop.rank());
    List<Run> runs = runs(loop);
    assertEquals(1, runs.size());
    assertEquals(24, runs.get(0).n());
    assertArrayEquals(new int[] {0, 5}, runs.get(0).offsets());
    assertArrayEquals(new int[] {1, 1}, runs.get(0).strides());
  }

  @Test
  void transposedOperandKeepsTwoDims() {
    // out [3, 4] contiguous; input is the transpose of a contiguous [4, 3]
    StridedLoop loop = StridedLoop.of(new int[] {3, 4}, new int[][] {{4, 1}, {1, 3}}, new int[2]);
    assertEquals(2, loop.rank());
    List<Run> runs = runs(loop);
    assertEquals(3, runs.size());
    for (int r = 0; r < 3; r++) {
      assertEquals(4, runs.get(r).n());
      assertArrayEquals(new int[] {4 * r, r}, runs.get(r).offsets());
      assertArrayEquals(new int[] {1, 3}, runs.get(r).strides());
    }
  }

  @Test
  void broadcastScalarMergesIntoOneRunWithStrideZero() {
    StridedLoop loop = StridedLoop.of(new int[] {4, 5}, new int[][] {{5, 1}, {0, 0}}, new int[2]);
    assertEquals(1, loop.rank());
    List<Run> runs = runs(loop);
    assertEquals(1, runs.size());
    assertArrayEquals(new int[] {1, 0}, runs.get(0).strides());
    assertEquals(20, runs.get(0).n());
  }

  @Test
  void broadcastRowDoesNotMerge() {
    StridedLoop loop = StridedLoop.of(new int[] {4, 5}, new int[][] {{5, 1}, {0, 1}}, new int[2]);
    assertEquals(2, loop.rank());
    List<Run> runs = runs(loop);
    assertEquals(4, runs.size());
    for (int r = 0; r < 4; r++) {
      assertArrayEquals(new int[] {5 * r, 0}, runs.get(r).offsets());
    }
  }

  @Test
  void sizeOneDimsAreDroppedWhateverTheirStride() {
    StridedLoop loop =
        StridedLoop.of(new int[] {1, 3, 1, 2}, new int[][] {{99, 2, 7, 1}}, new int[] {3});
    assertEquals(1, loop.rank());
    List<Run> runs = runs(loop);
    assertEquals(1, runs.size());
    assertEquals(6, runs.get(0).n());
  }

  @Test
  void allSizeOneIsOneElementAtTheBaseOffset() {
    StridedLoop loop = StridedLoop.of(new int[] {1, 1}, new int[][] {{5, 5}}, new int[] {9});
    assertEquals(0, loop.rank());
    assertEquals(1, loop.numel());
    List<Run> runs = runs(loop);
    assertEquals(1, runs.size());
    assertEquals(1, runs.get(0).n());
    assertArrayEquals(new int[] {9}, runs.get(0).offsets());
  }

  @Test
  void emptyShapeRunsNothing() {
    StridedLoop loop = StridedLoop.of(new int[] {3, 0, 2}, new int[][] {{0, 2, 1}}, new int[1]);
    assertEquals(0, loop.numel());
    assertEquals(0, runs(loop).size());
    int[] calls = {0};
    loop.runParallel((o, s, n) -> calls[0]++);
    assertEquals(0, calls[0]);
  }

  /** A random layout: shape, per-operand strides (0 and negative included) and base offsets. */
  record Layout(int[] shape, int[][] strides, int[] base) {
    int numel() {
      int n = 1;
      for (int s : shape) {
        n *= s;
      }
      return n;
    }

    /** offsets[element][operand] by decoding each linear index: the naive reference. */
    int[][] naiveOffsets() {
      int[][] out = new int[numel()][strides.length];
      for (int lin = 0; lin < out.length; lin++) {
        int rem = lin;
        int[] offs = base.clone();
        for (int d = shape.length - 1; d >= 0; d--) {
          int idx = rem % shape[d];
          rem /= shape[d];
          for (int op = 0; op < strides.length; op++) {
            offs[op] += idx * strides[op][d];
          }
        }
        out[lin] = offs;
      }
      return out;
    }
  }

  @Provide
  Arbitrary<Layout> layouts() {
    Arbitrary<int[]> shapes =
        Arbitraries.integers().between(0, 4).array(int[].class).ofMinSize(0).ofMaxSize(5);
    return shapes.flatMap(
        shape -> {
          Arbitrary<int[]> strideRow =
              Arbitraries.integers().between(-3, 20).array(int[].class).ofSize(shape.length);
          Arbitrary<int[][]> strides = strideRow.array(int[][].class).ofMinSize(1).ofMaxSize(3);
          return strides.flatMap(
              st ->
                  Arbitraries.integers()
                      .between(0, 50)
                      .array(int[].class)
                      .ofSize(st.length)
                      .map(base -> new Layout(shape, st, base)));
        });
  }

  /** Contiguous layouts (with broadcast operands) so coalescing actually merges dims. */
  @Provide
  Arbitrary<Layout> mergeableLayouts() {
    Arbitrary<int[]> shapes =
        Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(shapes, Arbitraries.integers().between(0, 15))
        .as(
            (shape, broadcastMask) -> {
              int[] contiguous = new int[shape.length];
              int[] broadcast = new int[shape.length];
              int s = 1;
              for (int d = shape.length - 1; d >= 0; d--) {
                contiguous[d] = s;
                broadcast[d] = (broadcastMask >> d & 1) == 1 ? 0 : s;
                s *= shape[d];
              }
              return new Layout(shape, new int[][] {contiguous, broadcast}, new int[] {0, 3});
            });
  }

  @Property(tries = 300)
  void anySplitVisitsEveryElementOnceInRowMajorOrder(
      @ForAll("layouts") Layout layout, @ForAll("splits") int[] cuts) {
    checkSplits(layout, cuts);
  }

  @Property(tries = 200)
  void coalescedLoopsVisitTheSameOffsets(
      @ForAll("mergeableLayouts") Layout layout, @ForAll("splits") int[] cuts) {
    checkSplits(layout, cuts);
  }

  @Provide
  Arbitrary<int[]> splits() {
    return Arbitraries.integers().between(0, 1000).array(int[].class).ofMaxSize(4);
  }

  /**
   * Runs the loop as consecutive ranges cut at {@code cuts} (mod numel) and checks every offset.
   */
  private static void checkSplits(Layout layout, int[] cuts) {
    StridedLoop loop = StridedLoop.of(layout.shape(), layout.strides(), layout.base());
    int[][] expected = layout.naiveOffsets();
    assertEquals(expected.length, loop.numel());
    int[] bounds = new int[cuts.length + 2];
    for (int i = 0; i < cuts.length; i++) {
      bounds[i + 1] = expected.length == 0 ? 0 : cuts[i] % (expected.length + 1);
    }
    bounds[bounds.length - 1] = expected.length;
    Arrays.sort(bounds);
    List<int[]> visited = new ArrayList<>();
    for (int i = 0; i + 1 < bounds.length; i++) {
      loop.runRange(
          bounds[i],
          bounds[i + 1],
          (o, s, n) -> {
            for (int e = 0; e < n; e++) {
              int[] offs = new int[o.length];
              for (int op = 0; op < o.length; op++) {
                offs[op] = o[op] + e * s[op];
              }
              visited.add(offs);
            }
          });
    }
    assertEquals(expected.length, visited.size(), "elements visited");
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], visited.get(i), "element " + i);
    }
  }

  @Test
  void runParallelVisitsWhatRunVisits() {
    int threads = Parallel.getNumThreads();
    Parallel.setNumThreads(4);
    try {
      // out is contiguous, so its offset is the element's linear index; input is a transpose
      int rows = 300;
      int cols = 500;
      StridedLoop loop =
          StridedLoop.of(
              new int[] {rows, cols}, new int[][] {{cols, 1}, {1, rows}}, new int[] {0, 7});
      int[] serial = new int[rows * cols];
      int[] parallel = new int[rows * cols];
      int[] visits = new int[rows * cols];
      loop.run(
          (o, s, n) -> {
            for (int e = 0; e < n; e++) {
              serial[o[0] + e * s[0]] = o[1] + e * s[1];
            }
          });
      loop.runParallel(
          (o, s, n) -> {
            for (int e = 0; e < n; e++) {
              parallel[o[0] + e * s[0]] = o[1] + e * s[1];
              visits[o[0] + e * s[0]]++;
            }
          });
      assertArrayEquals(serial, parallel);
      int[] once = new int[rows * cols];
      Arrays.fill(once, 1);
      assertArrayEquals(once, visits);
    } finally {
      Parallel.setNumThreads(threads);
    }
  }
}
