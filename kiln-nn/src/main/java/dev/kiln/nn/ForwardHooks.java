package dev.kiln.nn;

import dev.kiln.autograd.HookHandle;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** The forward pre-hooks and hooks of one module, run by {@link Module#call(Tensor)}. */
final class ForwardHooks {
  private final List<Module.ForwardPreHook> pre = new ArrayList<>();
  private final List<Module.ForwardHook> post = new ArrayList<>();

  boolean isEmpty() {
    return pre.isEmpty() && post.isEmpty();
  }

  HookHandle addPre(Module.ForwardPreHook hook) {
    pre.add(hook);
    return () -> pre.remove(hook);
  }

  HookHandle addPost(Module.ForwardHook hook) {
    post.add(hook);
    return () -> post.remove(hook);
  }

  Tensor run(Module module, Tensor input) {
    Tensor x = input;
    for (Module.ForwardPreHook h : List.copyOf(pre)) {
      Tensor replaced = h.apply(module, x);
      if (replaced != null) {
        x = replaced;
      }
    }
    Tensor y = module.forward(x);
    for (Module.ForwardHook h : List.copyOf(post)) {
      Tensor replaced = h.apply(module, x, y);
      if (replaced != null) {
        y = replaced;
      }
    }
    return y;
  }
}
