package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.ops.BinaryOp;
import dev.kiln.ops.OpDef;
import dev.kiln.ops.OpRegistry;
import dev.kiln.ops.ReduceOp;
import dev.kiln.ops.UnaryOp;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Every elementwise op and reduction in {@link OpRegistry}, called generically through its {@code
 * apply}, gives the same result on a non-contiguous view as on its contiguous copy. Op families
 * with no generic call signature (composites, primitives, views) are skipped and counted.
 */
class ViewOpEquivalenceTest {
  /** Tolerance for float results: reductions may sum a view and its copy in different orders. */
  private static final double RTOL = 1e-6;

  private static final double ATOL = 1e-7;

  /**
   * A non-contiguous view of a fresh tensor with values in (0.1, 0.9) (ints in [1, 9]): the base is
   * built transposed, then sliced with a step, so the view has a permuted, gapped layout.
   */
  static Tensor stridedView(int[] shape, boolean integral, Random rnd) {
    int rank = shape.length;
    int[] base = new int[rank];
    for (int d = 0; d < rank; d++) {
      base[rank - 1 - d] = shape[d] * (d == 0 ? 2 : 1);
    }
    int n = Shapes.numel(base);
    Tensor t;
    if (integral) {
      long[] v = new long[n];
      for (int i = 0; i < n; i++) {
        v[i] = 1 + rnd.nextInt(9);
      }
      t = Tensor.of(v);
    } else {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = 0.1f + 0.8f * rnd.nextFloat();
      }
      t = Tensor.of(v);
    }
    int[] reversed = new int[rank];
    for (int d = 0; d < rank; d++) {
      reversed[d] = rank - 1 - d;
    }
    Tensor view = t.reshape(base).permute(reversed);
    return rank == 0 ? view : view.slice(0, 0, Integer.MAX_VALUE, 2);
  }

  /** Counts of the registry's ops by how this test treats them. */
  record Coverage(int unary, int binary, int reduce, int skipped) {}

  static Coverage coverage() {
    int u = 0;
    int b = 0;
    int r = 0;
    int s = 0;
    for (OpDef op : OpRegistry.all()) {
      switch (op) {
        case UnaryOp _ -> u++;
        case BinaryOp _ -> b++;
        case ReduceOp _ -> r++;
        default -> s++;
      }
    }
    return new Coverage(u, b, r, s);
  }

  @Test
  void theRegistryHasOpsOfEachGenericFamily() {
    Coverage c = coverage();
    assertTrue(c.unary() > 0 && c.binary() > 0 && c.reduce() > 0, "registry coverage " + c);
    assertEquals(OpRegistry.all().size(), c.unary() + c.binary() + c.reduce() + c.skipped());
  }

  @Property(tries = 15)
  void viewAndContiguousCopyAgreeUnderEveryOp(
      @ForAll @Size(max = 3) List<@IntRange(min = 1, max = 4) Integer> shapeList,
      @ForAll long seed) {
    int[] shape = shapeList.stream().mapToInt(Integer::intValue).toArray();
    Random rnd = new Random(seed);
    int checked = 0;
    for (OpDef op : OpRegistry.all()) {
      switch (op) {
        case UnaryOp u -> compare(op, shape, rnd, 1, x -> u.apply(x[0]));
        case BinaryOp b -> compare(op, shape, rnd, 2, x -> b.apply(x[0], x[1]));
        case ReduceOp r -> {
          compare(op, shape, rnd, 1, x -> r.apply(x[0], new int[0], false));
          for (int d = 0; d < shape.length; d++) {
            int dim = d;
            compare(op, shape, rnd, 1, x -> r.apply(x[0], new int[] {dim}, true));
          }
        }
        default -> {
          continue;
        }
      }
      checked++;
    }
    Coverage c = coverage();
    assertEquals(c.unary() + c.binary() + c.reduce(), checked, "ops checked");
  }

  /**
   * Runs {@code fn} on {@code arity} strided views and on their contiguous copies. Float inputs
   * first; an op that refuses floats (bitwise ops) gets integer inputs instead.
   */
  private static void compare(
      OpDef op, int[] shape, Random rnd, int arity, Function<Tensor[], Tensor> fn) {
    Tensor[] views = new Tensor[arity];
    Tensor[] copies = new Tensor[arity];
    Tensor fromView;
    try {
      fill(views, copies, shape, false, rnd);
      fromView = fn.apply(views);
    } catch (IllegalArgumentException floatsRefused) {
      fill(views, copies, shape, true, rnd);
      fromView = fn.apply(views);
    }
    Tensor fromCopy = fn.apply(copies);
    String what = op.name() + " on shape " + Shapes.str(shape);
    assertArrayEquals(fromCopy.shape(), fromView.shape(), what + ": shape");
    assertEquals(fromCopy.dtype(), fromView.dtype(), what + ": dtype");
    if (!fromCopy.dtype().isFloatingPoint()) {
      assertArrayEquals(fromCopy.toLongArray(), fromView.toLongArray(), what + ": values");
      return;
    }
    double[] e = fromCopy.toDoubleArray();
    double[] a = fromView.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      boolean same =
          Double.isNaN(e[i])
              ? Double.isNaN(a[i])
              : e[i] == a[i] || Math.abs(e[i] - a[i]) <= ATOL + RTOL * Math.abs(e[i]);
      if (!same) {
        fail(what + ": element " + i + " is " + a[i] + " on the view, " + e[i] + " on the copy");
      }
    }
  }

  private static void fill(
      Tensor[] views, Tensor[] copies, int[] shape, boolean integral, Random rnd) {
    for (int i = 0; i < views.length; i++) {
      views[i] = stridedView(shape, integral, rnd);
      copies[i] = views[i].clone();
      assertTrue(copies[i].isContiguous());
      assertFalse(shape.length > 0 && views[i].isContiguous() && views[i].numel() > 1);
    }
  }
}
