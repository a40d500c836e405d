package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.autograd.HookHandle;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardHooksTest {

  @Test
  void sequentialCallsChildrenThroughHooksInOrder() {
    Sequential net = new Sequential(new ReLU(), new Tanh());
    List<String> seen = new ArrayList<>();
    for (Module m : net.children()) {
      m.registerForwardPreHook((mod, x) -> record(seen, "pre " + mod.path()));
      m.registerForwardHook((mod, x, y) -> record(seen, "post " + mod.path()));
    }
    net.call(Tensor.of(1f, -1f));
    assertEquals(List.of("pre 0", "post 0", "pre 1", "post 1"), seen);
  }

  @Test
  void hooksReplaceInputAndOutputAndCanBeRemoved() {
    ReLU relu = new ReLU();
    HookHandle pre = relu.registerForwardPreHook((m, x) -> x.neg());
    HookHandle post = relu.registerForwardHook((m, x, y) -> y.mul(10));
    assertArrayEquals(new float[] {0f, 20f}, relu.call(Tensor.of(1f, -2f)).toFloatArray());
    pre.remove();
    assertArrayEquals(new float[] {10f, 0f}, relu.call(Tensor.of(1f, -2f)).toFloatArray());
    post.remove();
    post.remove();
    assertArrayEquals(new float[] {1f, 0f}, relu.call(Tensor.of(1f, -2f)).toFloatArray());
  }

  private static Tensor record(List<String> seen, String what) {
    seen.add(what);
    return null;
  }
}
