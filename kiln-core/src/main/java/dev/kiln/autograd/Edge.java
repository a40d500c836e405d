package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;

/**
 * Where a gradient flows from a node: into another node (the input was computed by a recorded op)
 * or into a leaf tensor's {@code .grad()} (the input is a leaf that requires grad).
 *
 * @param node the input's producing node, or null for a leaf
 * @param leaf the leaf tensor, or null when {@code node} is set
 */
record Edge(Node node, Tensor leaf) {
  /** The edge into {@code t}'s history, or null when no gradient flows into {@code t}. */
  static Edge of(Tensor t) {
    if (!t.requiresGrad()) {
      return null;
    }
    Node fn = t.gradFn();
    return fn != null ? new Edge(fn, null) : new Edge(null, t);
  }
}
