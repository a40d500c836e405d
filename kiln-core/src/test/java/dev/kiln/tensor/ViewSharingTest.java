package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ops.OpDef;
import dev.kiln.ops.ViewOp;
import dev.kiln.ops.ViewOps;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every {@link ViewOp} returns a view: it shares its input's storage, and writing through it
 * changes the input. The copying ops ({@code clone}, {@code contiguous} of a non-contiguous tensor,
 * {@code to}) do not.
 */
class ViewSharingTest {
  /** How to take a non-trivial view of a [3, 4] tensor, per view op. */
  private static final Map<String, Function<Tensor, Tensor>> VIEWS = new TreeMap<>();

  static {
    VIEWS.put("view", x -> x.view(2, 6));
    VIEWS.put("unflatten", x -> x.unflatten(1, 2, 2));
    VIEWS.put("transpose", x -> x.transpose(0, 1));
    VIEWS.put("permute", x -> x.unsqueeze(0).permute(2, 0, 1));
    VIEWS.put("t", Tensor::t);
    VIEWS.put("mT", Tensor::mT);
    VIEWS.put("expand", x -> x.select(0, 1).expand(5, 4));
    VIEWS.put("expandAs", x -> x.select(1, 0).unsqueeze(1).expandAs(x));
    VIEWS.put("squeeze", x -> x.unsqueeze(1).squeeze());
    VIEWS.put("unsqueeze", x -> x.unsqueeze(-1));
    VIEWS.put("narrow", x -> x.narrow(1, 1, 2));
    VIEWS.put("select", x -> x.select(1, 2));
    VIEWS.put("slice", x -> x.slice(1, 1, 4, 2));
    VIEWS.put("unfold", x -> x.unfold(1, 2, 1));
    VIEWS.put("diagonal", x -> x.diagonal(1, 0, 1));
    VIEWS.put("asStrided", x -> x.asStrided(new int[] {2, 2}, new int[] {4, 1}, 5));
    VIEWS.put("detach", Tensor::detach);
  }

  private static Tensor base() {
    return Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}).view(3, 4);
  }

  @Test
  void everyViewOpIsCoveredHere() {
    TreeSet<String> declared = new TreeSet<>();
    for (OpDef op : ViewOps.ALL) {
      if (op instanceof ViewOp) {
        declared.add(op.name());
      }
    }
    assertEquals(declared, VIEWS.keySet());
  }

  @Test
  void writingThroughEveryViewChangesTheBase() {
    for (Map.Entry<String, Function<Tensor, Tensor>> e : VIEWS.entrySet()) {
      Tensor x = base();
      Tensor v = e.getValue().apply(x);
      assertSame(x.storage(), v.storage(), e.getKey() + " shares storage");
      int[] first = new int[v.dim()];
      v.select(0, 0).fill_(-1);
      double sum = 0;
      for (double d : x.toDoubleArray()) {
        sum += d == -1 ? 1 : 0;
      }
      assertTrue(sum > 0, e.getKey() + ": write through the view is seen in the base");
      assertEquals(-1, v.get(first), e.getKey());
    }
  }

  @Test
  void viewsOfViewsShareTheOriginalStorage() {
    Tensor x = base();
    Tensor v = x.t().slice(0, 1, 3).unsqueeze(0).select(0, 0).narrow(1, 1, 2);
    assertSame(x.storage(), v.storage());
    v.fill_(100);
    assertEquals(100, x.get(1, 1));
    assertEquals(100, x.get(2, 2));
    assertEquals(4 + 1, v.storageOffset());
  }

  @Test
  void reshapeIsAViewWhenStridesAllowAndACopyOtherwise() {
    Tensor x = base();
    assertSame(x.storage(), x.reshape(4, 3).storage());
    assertSame(x.storage(), x.flatten().storage());
    assertNotSame(x.storage(), x.t().reshape(12).storage());
    assertNotSame(x.storage(), x.t().flatten().storage());
  }

  @Test
  void copyingOpsDoNotShare() {
    Tensor x = base();
    assertSame(x, x.contiguous());
    assertNotSame(x.storage(), x.t().contiguous().storage());
    assertNotSame(x.storage(), x.clone().storage());
    assertNotSame(x.storage(), x.to(DType.FLOAT64).storage());
    assertSame(x, x.to(DType.FLOAT32));
    Tensor c = x.clone();
    c.fill_(7);
    assertEquals(1, x.get(0, 1));
  }

  @Test
  void storageOffsetAndContiguityFollowPyTorch() {
    Tensor x = base();
    assertEquals(6, x.select(0, 1).narrow(0, 2, 2).storageOffset());
    assertEquals(1, x.diagonal(1, 0, 1).storageOffset());
    assertTrue(x.isContiguous());
    assertFalse(x.t().isContiguous());
    assertTrue(x.slice(0, 1, 2).isContiguous());
    assertTrue(x.unsqueeze(1).isContiguous());
    assertTrue(x.slice(1, 0, 0).isContiguous(), "an empty tensor is contiguous");
    assertFalse(x.slice(1, 0, 4, 2).isContiguous());
    assertFalse(x.select(1, 0).unsqueeze(1).expand(3, 1).isContiguous());
  }
}
