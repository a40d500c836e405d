package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/** Input checks shared by the layers, with messages that name the module path and both sizes. */
final class LayerChecks {
  private LayerChecks() {}

  /** The module's dotted path, or its kind for a root module: how messages name a layer. */
  static String name(Module m) {
    String p = m.path();
    return p.isEmpty() ? m.kind() : p;
  }

  /**
   * Checks that {@code input} has one of {@code ranks} dimensions and {@code channels} channels at
   * dimension {@code rank - spatial - 1} (dimension 1 when batched, 0 when not).
   *
   * @throws IllegalArgumentException naming the module, the expected and the actual sizes
   */
  static void channels(Module m, Tensor input, int spatial, int channels, boolean unbatchedOk) {
    int rank = input.dim();
    if (rank != spatial + 2 && !(unbatchedOk && rank == spatial + 1)) {
      throw new IllegalArgumentException(
          name(m)
              + ": expected a "
              + (unbatchedOk ? (spatial + 1) + "-d (unbatched) or " : "")
              + (spatial + 2)
              + "-d input, got shape "
              + Arrays.toString(input.shape()));
    }
    int c = input.size(rank - spatial - 1);
    if (c != channels) {
      throw new IllegalArgumentException(
          name(m)
              + ": expected input with "
              + channels
              + " channels, got "
              + c
              + " (input shape "
              + Arrays.toString(input.shape())
              + ")");
    }
  }

  /** The dims of the trailing {@code k} dimensions of a rank-{@code rank} tensor. */
  static int[] lastDims(int rank, int k) {
    int[] dims = new int[k];
    for (int i = 0; i < k; i++) {
      dims[i] = rank - k + i;
    }
    return dims;
  }

  /**
   * Checks that {@code input} ends with {@code shape}.
   *
   * @throws IllegalArgumentException naming the module and both shapes
   */
  static void endsWith(Module m, Tensor input, int[] shape, String what) {
    int[] in = input.shape();
    int k = shape.length;
    if (in.length < k || !Arrays.equals(Arrays.copyOfRange(in, in.length - k, in.length), shape)) {
      throw new IllegalArgumentException(
          name(m)
              + ": expected input ending with "
              + what
              + " "
              + Arrays.toString(shape)
              + ", got shape "
              + Arrays.toString(in));
    }
  }
}
