package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

  /** A layer with a persistent and a non-persistent buffer, to exercise buffer handling. */
  private static final class Scaler extends Module {
    Scaler() {
      registerParameter("scale", Tensor.ones(2).requiresGrad_(true));
      registerBuffer("count", Tensor.zeros(DType.INT64, 1));
      registerBuffer("cache", Tensor.zeros(2), false);
    }

    @Override
    public Tensor forward(Tensor input) {
      return input.mul(parameter("scale"));
    }
  }

  /** A model holding a ModuleList and a ModuleDict. */
  private static final class Net extends Module {
    final ModuleList layers;

    Net() {
      layers = registerModule("layers", new ModuleList(new Linear(2, 3), new ReLU()));
      layers.add(new Linear(3, 2));
      Map<String, Module> heads = new LinkedHashMap<>();
      heads.put("scaler", new Scaler());
      registerModule("heads", new ModuleDict(heads));
    }

    @Override
    public Tensor forward(Tensor input) {
      Tensor x = input;
      for (int i = 0; i < layers.size(); i++) {
        x = layers.get(i).forward(x);
      }
      return x;
    }
  }

  @Test
  void namesUsePyTorchDottedKeys() {
    Net net = new Net();
    assertEquals(
        List.of(
            "layers.0.weight",
            "layers.0.bias",
            "layers.2.weight",
            "layers.2.bias",
            "heads.scaler.scale"),
        List.copyOf(net.namedParameters().keySet()));
    assertEquals(
        List.of("heads.scaler.count", "heads.scaler.cache"),
        List.copyOf(net.namedBuffers().keySet()));
    assertEquals(
        List.of(
            "layers.0.weight",
            "layers.0.bias",
            "layers.2.weight",
            "layers.2.bias",
            "heads.scaler.scale",
            "heads.scaler.count"),
        List.copyOf(net.stateDict().keySet()));
    assertEquals(
        List.of("", "layers", "layers.0", "layers.1", "layers.2", "heads", "heads.scaler"),
        List.copyOf(net.namedModules().keySet()));
    assertEquals(2, net.children().size());
    assertEquals("layers.2", net.layers.get(2).path());
  }

  @Test
  void sharedParametersAreListedOnce() {
    Linear shared = new Linear(2, 2);
    Sequential s = new Sequential(shared, shared);
    assertEquals(2, s.parameters().size());
    assertEquals(List.of("", "0"), List.copyOf(s.namedModules().keySet()));
  }

  @Test
  void strictLoadListsEveryMissingUnexpectedAndMismatchedKey() {
    Net net = new Net();
    Map<String, Tensor> state = new LinkedHashMap<>(new Net().stateDict());
    state.remove("layers.0.bias");
    state.remove("heads.scaler.count");
    state.put("layers.9.weight", Tensor.zeros(1));
    state.put("layers.2.weight", Tensor.zeros(3, 3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> net.loadStateDict(state, true));
    String msg = e.getMessage();
    for (String k :
        List.of(
            "layers.0.bias",
            "heads.scaler.count",
            "layers.9.weight",
            "layers.2.weight: checkpoint shape [3, 3], module shape [2, 3]")) {
      assertTrue(msg.contains(k), msg);
    }
  }

  @Test
  void nonStrictLoadCopiesMatchingKeysAndReportsTheRest() {
    Net a = new Net();
    Net b = new Net();
    Map<String, Tensor> state = new LinkedHashMap<>(a.stateDict());
    state.remove("layers.2.bias");
    state.put("extra", Tensor.zeros(1));
    LoadResult r = b.loadStateDict(state, false);
    assertEquals(List.of("layers.2.bias"), r.missing());
    assertEquals(List.of("extra"), r.unexpected());
    assertTrue(r.mismatched().isEmpty());
    Map<String, Tensor> bp = b.namedParameters();
    assertTrue(bp.get("layers.0.weight").equal(a.namedParameters().get("layers.0.weight")));
    assertFalse(bp.get("layers.2.bias").equal(a.namedParameters().get("layers.2.bias")));
    assertTrue(bp.get("layers.0.weight").isLeaf());
  }

  @Test
  void shapeMismatchFailsEvenWhenNotStrictAndCopiesNothing() {
    Linear l = new Linear(2, 2);
    Tensor before = l.parameters().get(1).clone();
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", Tensor.zeros(2, 3));
    state.put("bias", Tensor.zeros(2));
    assertThrows(IllegalArgumentException.class, () -> l.loadStateDict(state, false));
    assertTrue(l.parameters().get(1).equal(before));
  }

  @Test
  void trainEvalReachEveryModule() {
    Net net = new Net();
    assertTrue(net.isTraining());
    net.eval();
    for (Module m : net.modules()) {
      assertFalse(m.isTraining());
    }
    net.train();
    assertTrue(net.layers.get(0).isTraining());
  }

  @Test
  void zeroGradZeroesOrDropsGradients() {
    Linear l = new Linear(3, 2);
    l.forward(Tensor.ones(1, 3)).sum().backward();
    l.zeroGrad(false);
    assertEquals(0.0, l.parameters().get(0).grad().abs().sum().item());
    l.zeroGrad(true);
    assertNull(l.parameters().get(0).grad());
  }

  @Test
  void requiresGradFreezesAndApplyVisitsChildrenFirst() {
    Net net = new Net();
    net.requiresGrad_(false);
    for (Tensor p : net.parameters()) {
      assertFalse(p.requiresGrad());
    }
    List<String> order = new ArrayList<>();
    net.apply(m -> order.add(m.kind()));
    assertEquals(
        List.of("Linear", "ReLU", "Linear", "ModuleList", "Scaler", "ModuleDict", "Net"), order);
  }

  @Test
  void toConvertsFloatingStateAndKeepsRequiresGrad() {
    Net net = new Net();
    net.to(DType.FLOAT64);
    for (Tensor p : net.parameters()) {
      assertEquals(DType.FLOAT64, p.dtype());
      assertTrue(p.requiresGrad() && p.isLeaf());
    }
    assertEquals(DType.INT64, net.namedBuffers().get("heads.scaler.count").dtype());
    assertEquals(DType.FLOAT64, net.namedBuffers().get("heads.scaler.cache").dtype());
    assertEquals(DType.FLOAT64, net.forward(Tensor.ones(DType.FLOAT64, 1, 2)).dtype());
  }

  @Test
  void linearNamesTheLayerPathAndBothSizes() {
    Net net = new Net();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.ones(4, 5)));
    assertEquals("layers.0: expected input with last dim 2, got 5", e.getMessage());
  }

  @Test
  void linearInitialisationFollowsPyTorchBounds() {
    Linear l = new Linear(16, 64, true, new Generator(3));
    double bound = 1 / Math.sqrt(16);
    Tensor w = l.parameters().get(0);
    Tensor b = l.parameters().get(1);
    assertTrue(w.abs().max().item() <= bound);
    assertTrue(w.abs().max().item() > 0.9 * bound);
    assertTrue(b.abs().max().item() <= bound);
    Linear same = new Linear(16, 64, true, new Generator(3));
    assertTrue(same.parameters().get(0).equal(w));
  }

  @Test
  void containersRejectBadNamesAndLookups() {
    assertThrows(IndexOutOfBoundsException.class, () -> new ModuleList().get(0));
    assertThrows(IllegalArgumentException.class, () -> new ModuleDict(Map.of()).get("x"));
    Map<String, Module> bad = new LinkedHashMap<>();
    bad.put("a.b", new ReLU());
    assertThrows(IllegalArgumentException.class, () -> new Sequential(bad));
    assertThrows(
        UnsupportedOperationException.class, () -> new ModuleList().forward(Tensor.ones(1)));
    assertSame(Tensor.class, new Identity().forward(Tensor.ones(1)).getClass());
  }
}
