package dev.kiln.data.internal;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Stacks equal-shape tensors along a new first dimension: preallocates the result and copies each
 * item into its row. (kiln-core has no {@code stack} yet; this is the one place kiln-data does it.)
 */
public final class TensorStack {
  private TensorStack() {}

  /**
   * {@code [n, ...shape]} from {@code n} tensors of the same shape and dtype.
   *
   * @throws IllegalArgumentException if the list is empty or shapes/dtypes differ (naming the first
   *     item that differs)
   */
  public static Tensor stack(List<Tensor> items, String who) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException(who + ": cannot stack an empty list of tensors");
    }
    Tensor first = items.get(0);
    int[] shape = new int[first.dim() + 1];
    shape[0] = items.size();
    System.arraycopy(first.shape(), 0, shape, 1, first.dim());
    Tensor out = Tensor.empty(first.dtype(), shape);
    for (int i = 0; i < items.size(); i++) {
      Tensor item = items.get(i);
      if (!Arrays.equals(item.shape(), first.shape()) || item.dtype() != first.dtype()) {
        throw new IllegalArgumentException(
            who
                + ": cannot stack item "
                + i
                + " of shape "
                + Arrays.toString(item.shape())
                + " "
                + item.dtype()
                + " with item 0 of shape "
                + Arrays.toString(first.shape())
                + " "
                + first.dtype());
      }
      out.select(0, i).copy_(item);
    }
    return out;
  }
}
