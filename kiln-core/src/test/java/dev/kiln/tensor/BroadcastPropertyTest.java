package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** {@link Shapes#broadcast} against a reference implementation of NumPy's broadcasting rule. */
class BroadcastPropertyTest {
  /** The reference: right-align, sizes equal or one of them 1; null when they don't broadcast. */
  static int[] reference(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 1; i <= rank; i++) {
      int x = i <= a.length ? a[a.length - i] : 1;
      int y = i <= b.length ? b[b.length - i] : 1;
      if (x != y && x != 1 && y != 1) {
        return null;
      }
      out[rank - i] = x == 1 ? y : x;
    }
    return out;
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * A shape derived from {@code base}: its last {@code keep} dims, each replaced by 1 where the
   * corresponding bit of {@code ones} is set; so it always broadcasts with {@code base}.
   */
  private static int[] derive(int[] base, int keep, int ones) {
    int k = Math.min(keep, base.length);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = (ones >> i & 1) == 1 ? 1 : base[base.length - k + i];
    }
    return out;
  }

  @Property(tries = 200)
  void agreesWithReference(
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 3) Integer> a,
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 3) Integer> b) {
    int[] x = toArray(a);
    int[] y = toArray(b);
    int[] expected = reference(x, y);
    if (expected == null) {
      assertThrows(IllegalArgumentException.class, () -> Shapes.broadcast("add", x, y));
    } else {
      assertArrayEquals(expected, Shapes.broadcast("add", x, y));
    }
  }

  @Property(tries = 200)
  void isSymmetric(
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 3) Integer> base,
      @ForAll @IntRange(min = 0, max = 4) int keep,
      @ForAll @IntRange(min = 0, max = 15) int ones) {
    int[] x = toArray(base);
    int[] y = derive(x, keep, ones);
    assertArrayEquals(Shapes.broadcast("add", x, y), Shapes.broadcast("add", y, x));
    assertArrayEquals(x, Shapes.broadcast("add", y, x));
  }

  @Property(tries = 100)
  void expandingToTheBroadcastShapeGivesThatShape(
      @ForAll @Size(max = 4) List<@IntRange(min = 1, max = 3) Integer> base,
      @ForAll @IntRange(min = 0, max = 4) int keep,
      @ForAll @IntRange(min = 0, max = 15) int ones) {
    int[] x = toArray(base);
    int[] y = derive(x, keep, ones);
    int[] target = Shapes.broadcast("add", x, y);
    for (int[] s : new int[][] {x, y}) {
      Tensor t = Tensor.zeros(s);
      Tensor e = t.expand(target);
      assertArrayEquals(target, e.shape());
      assertArrayEquals(Shapes.broadcastStrides(s, t.strides(), target), e.strides());
      assertArrayEquals(target, t.expandAs(Tensor.zeros(target)).shape());
    }
  }
}
