package dev.kiln.autograd;

import dev.kiln.tensor.BufferPool;
import dev.kiln.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Runs a backward pass: counts, for every node reachable from the roots, how many edges lead into
 * it, then runs nodes whose count has dropped to zero (a reverse topological order), summing the
 * gradients that arrive at each node and delivering those that reach leaves.
 *
 * <p>Without {@code createGraph}, the large gradients this pass allocates and then consumes go back
 * to the {@link BufferPool} (a W3 step frees 21 MB this way): the engine counts how many of its
 * pending gradients use each array, and recycles an array it allocated once the last of them has
 * been consumed; the temporaries a built-in derivative allocated and did not return are recycled as
 * soon as it returns. An array handed to anything else (a leaf's {@code .grad}, a hook, {@code
 * retainGrad}, a captured {@code grad()} result, a custom function's backward) is never recycled.
 */
final class Engine {
  /** Where gradients reaching leaves go: accumulated into {@code .grad()}, or captured. */
  private final Map<Tensor, Integer> captureLeaves;

  private final Map<Node, Integer> captureNodes;
  private final Tensor[] captured;
  private final boolean retainGraph;

  /** Arrays allocated during this pass (null with {@code createGraph}: the graph may keep them). */
  private BufferPool.Recording recording;

  /** The gradient the running derivative may overwrite ({@link Autograd#isDonated}), per thread. */
  private static final ThreadLocal<Tensor> DONATED = new ThreadLocal<>();

  /** How many pending gradients use each array. */
  private final Map<Object, Integer> uses = new IdentityHashMap<>();

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
    try (var mode = GradMode.withGradEnabled(createGraph);
        var rec = createGraph ? null : BufferPool.record()) {
      recording = rec;
      Deque<Node> ready = new ArrayDeque<>();
      for (int i = 0; i < roots.length; i++) {
        use(seeds[i]);
        deliver(rootEdges[i], seeds[i], buffers);
      }
      for (Edge e : rootEdges) {
        if (e.node() != null && deps.get(e.node()) == 0 && !ready.contains(e.node())) {
          ready.push(e.node());
        }
      }
      while (!ready.isEmpty()) {
        Node n = ready.pop();
        Tensor consumed = buffers.remove(n);
        Tensor[] grads = execute(n, consumed);
        for (int i = 0; i < n.inputCount(); i++) {
          if (n.edge(i) != null && grads != null && i < grads.length) {
            use(grads[i]);
          }
        }
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
        done(consumed);
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
    if (g != grad || n.exposesGradient() || captured != null) {
      escape(grad);
      escape(g);
    }
    Tensor[] out;
    if (recording != null && n.isBuiltIn()) {
      Tensor outerDonation = DONATED.get();
      DONATED.set(disposable(g) ? g : null);
      try (var temporaries = BufferPool.record()) {
        out = n.run(g);
        temporaries.recycleAllBut(out);
      } finally {
        DONATED.set(outerDonation);
      }
    } else {
      out = n.run(g);
      for (Tensor t : out) {
        escape(t);
      }
    }
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
      Tensor old = buffers.get(e.node());
      if (old == null) {
        buffers.put(e.node(), g);
      } else if (disposable(old)
          && old.isContiguous()
          && old.dtype() == g.dtype()
          && Arrays.equals(old.shape(), g.shape())) {
        old.add_(g); // nothing else reads old: sum into it (W4's q, k, v slices)
        done(g);
      } else {
        Tensor sum = old.add(g);
        use(sum);
        buffers.put(e.node(), sum);
        done(old);
        done(g);
      }
      return;
    }
    escape(g);
    done(g);
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

  /** The gradient the running built-in derivative may overwrite, or null. */
  static Tensor donated() {
    return DONATED.get();
  }

  /**
   * Whether {@code t} is a pending gradient that nothing but the engine can read: its array was
   * allocated by this pass, handed to nobody else, and this is its only pending use.
   */
  private boolean disposable(Tensor t) {
    Object a = t.storage().array();
    return recording != null && recording.owns(a) && uses.getOrDefault(a, 0) == 1;
  }

  /** Counts one more pending use of {@code t}'s array. */
  private void use(Tensor t) {
    if (t != null) {
      uses.merge(t.storage().array(), 1, Integer::sum);
    }
  }

  /**
   * Ends one use of {@code t}'s array; the last use of an array this pass allocated recycles it.
   */
  private void done(Tensor t) {
    if (t == null) {
      return;
    }
    Object a = t.storage().array();
    Integer c = uses.get(a);
    if (c == null || c > 1) {
      if (c != null) {
        uses.put(a, c - 1);
      }
      return;
    }
    uses.remove(a);
    if (recording != null) {
      recording.recycle(a);
    }
  }

  /** Marks {@code t}'s array as reachable from outside the engine: never recycled. */
  private void escape(Tensor t) {
    if (t != null && recording != null) {
      recording.escape(t.storage().array());
    }
  }
}
