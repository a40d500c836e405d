package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/** Helpers that derivative formulas share, written with Tensor ops (so they differentiate too). */
public final class Derivatives {
  private Derivatives() {}

  /**
   * Sums a broadcast gradient back to an operand's shape: leading dims are summed away and dims
   * where the operand has size 1 are summed with keepdim.
   */
  public static Tensor sumToShape(Tensor g, int[] shape) {
    int[] gs = g.shape();
    if (Arrays.equals(gs, shape)) {
      return g;
    }
    int lead = gs.length - shape.length;
    int n = 0;
    int[] dims = new int[gs.length];
    for (int d = 0; d < gs.length; d++) {
      if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) {
        dims[n++] = d;
      }
    }
    Tensor s = n == 0 ? g : g.sum(Arrays.copyOf(dims, n), true);
    return s.reshape(shape);
  }

  /** The derivative of an op that passes values through unchanged (clone, contiguous). */
  public static Tensor[] identity(Node n, Tensor g) {
    return new Tensor[] {g};
  }
}
