package dev.kiln.train.callbacks;

import dev.kiln.autograd.HookHandle;
import dev.kiln.nn.Module;
import dev.kiln.tensor.DType;
import dev.kiln.tensorboard.GraphDescription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records one forward pass of a module tree and describes it for TensorBoard's Graphs dashboard: an
 * {@code input} node, one node per leaf module call in call order (named by its dotted path with
 * {@code /}, so containers fold into groups; op = the module's kind; output shape and dtype as
 * observed; the module's description as attributes), each fed by the previous call, and an {@code
 * output} node. The chain is exact for sequential stacks; for modules that branch or merge inside
 * {@code forward} it shows the order in which leaves ran.
 *
 * <pre>{@code
 * var rec = ModuleGraph.record(net);
 * net.call(x);
 * writer.addGraph(rec.finish());
 * }</pre>
 */
public final class ModuleGraph {
  private final List<HookHandle> handles = new ArrayList<>();
  private final List<GraphDescription.Node> nodes = new ArrayList<>();
  private final Map<String, Integer> uses = new HashMap<>();
  private String last;
  private boolean done;

  private ModuleGraph() {}

  /** Starts recording the next forward pass of {@code root}. */
  public static ModuleGraph record(Module root) {
    ModuleGraph g = new ModuleGraph();
    String rootName = root.kind();
    g.handles.add(
        root.registerForwardPreHook(
            (m, input) -> {
              if (g.last == null && !g.done) {
                g.nodes.add(GraphDescription.Node.input("input", input.shape(), input.dtype()));
                g.last = "input";
              }
              return null;
            }));
    for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
      Module m = e.getValue();
      if (!m.children().isEmpty()) {
        continue;
      }
      String path = e.getKey().isEmpty() ? rootName : rootName + "/" + e.getKey().replace('.', '/');
      g.handles.add(
          m.registerForwardHook(
              (mod, input, output) -> {
                if (!g.done && g.last != null) {
                  g.add(path, mod, output.shape(), output.dtype());
                }
                return null;
              }));
    }
    return g;
  }

  private void add(String path, Module m, int[] shape, DType dtype) {
    int n = uses.merge(path, 1, Integer::sum);
    String name = n == 1 ? path : path + "_" + n;
    nodes.add(new GraphDescription.Node(name, m.kind(), List.of(last), shape, dtype, m.toString()));
    last = name;
  }

  /** Whether a forward pass has been seen. */
  public boolean hasRecorded() {
    return last != null;
  }

  /** Stops recording and removes the hooks, discarding what was recorded. */
  public void discard() {
    for (HookHandle h : handles) {
      h.remove();
    }
    done = true;
  }

  /**
   * Stops recording, removes the hooks and returns the graph.
   *
   * @throws IllegalStateException if no forward pass was seen
   */
  public GraphDescription finish() {
    discard();
    if (last == null) {
      throw new IllegalStateException("ModuleGraph: no forward pass was recorded");
    }
    GraphDescription.Node prev = nodes.getLast();
    List<GraphDescription.Node> all = new ArrayList<>(nodes);
    all.add(
        new GraphDescription.Node(
            "output", "IO Node", List.of(last), prev.outputShape(), prev.dtype(), ""));
    return new GraphDescription(all);
  }
}
