package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;

/**
 * The backward of one recorded op, written with Tensor ops so that gradients of gradients work:
 * given the gradient {@code grad} of the op's output, it returns one gradient per input (null for
 * an input that needs none; {@link Node#needsGrad(int)} says which do). The op's inputs and output
 * are read through {@link Node#input(int)} and {@link Node#output()}, which check that they were
 * not modified in place since the op ran.
 */
@FunctionalInterface
public interface Derivative {
  /** The gradients of the op's inputs given the gradient of its output. */
  Tensor[] apply(Node node, Tensor grad);
}
