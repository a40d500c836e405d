package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Runs a backward pass: counts, for every node reachable from the roots, how many edges lead into
 * it, then runs nodes whose count has dropped to zero (a reverse topological order), summing the
 * gradients that arrive at each node and delivering those that reach leaves.
 */
final class Engine {
  /** Where gradients reaching leaves go: accumulated into {@code .grad()}, or captured. */
  private final Map<Tensor, Integer> captureLeaves;

  private final Map<Node, Integer> captureNodes;
  private final Tensor[] captured;
  private final boolean retainGraph;

  private Engine(Tensor[] inputs, boolean retainGraph) {
    this.retainGraph = retainGraph;
    if (inputs == null) {
      captureLeaves = null;
      captureNodes = null;
      captured = null;
      return;
    }
    captureLeaves = new IdentityHashMap<>();
    captureNodes = new IdentityHashMap<>();
    captured = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = inputs[i];
      if (!t.requiresGrad()) {
        throw new IllegalArgumentException(
            "grad: input " + i + " does not require grad; mark it with requiresGrad_(true)");
      }
      if (t.gradFn() == null) {
        captureLeaves.put(t, i);
      } else {
        captureNodes.put(t.gradFn(), i);
      }
    }
  }

  /** Accumulates gradients of {@code roots} into the leaves' {@code .grad()}. */
  static void backward(Tensor[] roots, Tensor[] grads, boolean retainGraph, boolean createGraph) {
    new Engine(null, retainGraph).run(roots, grads, createGraph);
  }

  /** The gradients of {@code roots} with respect to {@code inputs}; {@code .grad()} untouched. */
  static Tensor[] grad(
      Tensor[] roots, Tensor[] grads, Tensor[] inputs, boolean retainGraph, boolean createGraph) {
    Engine e = new Engine(inputs, retainGraph);
    e.run(roots, grads, createGraph);
    return e.captured;
  }

  private void run(Tensor[] roots, Tensor[] rootGrads, boolean createGraph) {
    Map<Node, Integer> deps = new IdentityHashMap<>();
    Map<Node, Tensor> buffers = new IdentityHashMap<>();
    Deque<Node> stack = new ArrayDeque<>();
    Edge[] rootEdges = new Edge[roots.length];
    Tensor[] seeds = new Tensor[roots.length];
    for (int i = 0; i < roots.length; i++) {
      rootEdges[i] = Edge.of(roots[i]);
      if (rootEdges[i] == null) {
        throw new IllegalArgumentException(
            "backward: element "
                + i
                + " of tensors does not require grad and does not have a grad_fn (mark a leaf"
                + " with requiresGrad_(true), and run the forward outside noGrad())");
      }
      seeds[i] = Autograd.seed(roots[i], rootGrads[i]);
      Node n = rootEdges[i].node();
      if (n != null && !deps.containsKey(n)) {
        deps.put(n, 0);
        stack.push(n);
      }
    }
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      for (int i = 0; i < n.inputCount(); i++) {
        Edge e = n.edge(i);
        if (e != null && e.node() != null) {
          Integer c = deps.get(e.node());
          if (c == null) {
            stack.push(e.node());
          }
          deps.put(e.node(), c == null ? 1 : c + 1);
        }
      }
    }
    try (var mode = GradMode.withGradEnabled(createGraph)) {
      Deque<Node> ready = new ArrayDeque<>();
      for (int i = 0; i < roots.length; i++) {
        deliver(rootEdges[i], seeds[i], buffers);
      }
      for (Edge e : rootEdges) {
        if (e.node() != null && deps.get(e.node()) == 0 && !ready.contains(e.node())) {
          ready.push(e.node());
        }
      }
      while (!ready.isEmpty()) {
        Node n = ready.pop();
        Tensor[] grads = execute(n, buffers.remove(n));
        for (int i = 0; i < n.inputCount(); i++) {
          Edge e = n.edge(i);
          if (e == null) {
            continue;
          }
          deliver(e, grads == null || i >= grads.length ? null : grads[i], buffers);
          if (e.node() != null) {
            int c = deps.get(e.node()) - 1;
            deps.put(e.node(), c);
            if (c == 0) {
              ready.push(e.node());
            }
          }
        }
      }
    }
  }

  private Tensor[] execute(Node n, Tensor grad) {
    if (grad == null) {
      return null;
    }
    Tensor g = n.preprocess(grad);
    if (captureNodes != null) {
      Integer idx = captureNodes.get(n);
      if (idx != null) {
        captured[idx] = g;
      }
    }
    Tensor[] out = n.run(g);
    if (!retainGraph) {
      n.release();
    }
    return out;
  }

  private void deliver(Edge e, Tensor g, Map<Node, Tensor> buffers) {
    if (g == null) {
      return;
    }
    if (e.node() != null) {
      buffers.merge(e.node(), g, Tensor::add);
      return;
    }
    Tensor leaf = e.leaf();
    if (captureLeaves != null) {
      Integer idx = captureLeaves.get(leaf);
      if (idx != null) {
        captured[idx] = captured[idx] == null ? g : captured[idx].add(g);
      }
      return;
    }
    Autograd.accumulate(leaf, g);
  }
}
