package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ParameterList and ParameterDict register their parameters under PyTorch's keys. */
class ParameterContainersTest {
  private static Tensor param(int... shape) {
    return Tensor.zeros(shape).requiresGrad_(true);
  }

  /** A model holding both containers, like a PyTorch module with those attributes. */
  private static final class Holder extends Module {
    final ParameterList list;
    final ParameterDict dict;

    Holder() {
      list = registerModule("params", new ParameterList(param(2), param(3)));
      Map<String, Tensor> named = new LinkedHashMap<>();
      named.put("alpha", param(1));
      named.put("beta", param(2, 2));
      dict = registerModule("named", new ParameterDict(named));
    }

    @Override
    public Tensor forward(Tensor input) {
      return input.mul(list.get(0)).add(dict.get("beta").sum());
    }
  }

  @Test
  void stateDictKeysFollowPyTorch() {
    Holder h = new Holder();
    assertEquals(
        List.of("params.0", "params.1", "named.alpha", "named.beta"),
        List.copyOf(h.stateDict().keySet()));
    assertEquals(4, h.parameters().size());
    assertEquals(List.of(h.list.get(0), h.list.get(1)), h.list.asList());
    assertEquals(List.of("alpha", "beta"), List.copyOf(h.dict.keys()));
    h.forward(Tensor.ones(2)).sum().backward();
    assertEquals(8.0, h.dict.get("beta").grad().sum().item()); // 4 entries, each used by 2 outputs
  }

  @Test
  void addingAndReplacing() {
    ParameterList l = new ParameterList();
    Tensor p = param(4);
    l.add(p);
    assertEquals(1, l.size());
    assertSame(p, l.get(0));
    ParameterDict d = new ParameterDict().put("a", param(1)).put("b", param(1));
    Tensor replacement = param(5);
    d.put("a", replacement);
    assertEquals(List.of("a", "b"), List.copyOf(d.keys()));
    assertSame(replacement, d.get("a"));
    assertEquals(2, d.size());
  }

  @Test
  void errorsNameTheContainer() {
    ParameterList l = new ParameterList(param(1));
    assertEquals(
        "ParameterList.get: index 1 out of range for size 1",
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(1)).getMessage());
    ParameterDict d = new ParameterDict().put("w", param(1));
    assertEquals(
        "ParameterDict.get: no parameter named 'x', have [w]",
        assertThrows(IllegalArgumentException.class, () -> d.get("x")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.put("a.b", param(1)));
    assertThrows(IllegalArgumentException.class, () -> l.add(Tensor.zeros(1)));
    assertEquals(
        "ParameterList: ParameterList has no forward; use its parameters from the owning module",
        assertThrows(UnsupportedOperationException.class, () -> l.forward(Tensor.ones(1)))
            .getMessage());
    assertEquals("ParameterDict(keys=[w])", d.toString());
  }
}
