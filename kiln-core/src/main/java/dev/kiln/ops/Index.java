package dev.kiln.ops;

import dev.kiln.tensor.Tensor;

/**
 * One entry of a NumPy/PyTorch-style index, for {@code x.index(...)} and {@code x.indexPut(...)}:
 * Java's spelling of {@code x[1, 0:3, :, None, ..., idx, mask]}.
 *
 * {@snippet :
 * import static dev.kiln.ops.Index.*;
 * x.index(at(1), slice(0, 3), all());         // x[1, 0:3, :]   (a view)
 * x.index(tensor(rows), tensor(cols));        // x[rows, cols]  (advanced: a copy)
 * x.index(all(), tensor(mask));               // x[:, mask]     (bool mask)
 * x.index(ellipsis(), newAxis());             // x[..., None]
 * }
 *
 * <p>Integers, slices, {@code all}, {@code newAxis} and {@code ellipsis} are basic indices and give
 * a view. Integer (int64) or bool tensors are advanced indices: they broadcast together and the
 * result is a copy. When the advanced indices sit next to each other their broadcast dims replace
 * them in place; when basic indices separate them, the broadcast dims go first (as in PyTorch).
 */
public sealed interface Index {
  /** A single position (negative counts from the end); removes the dim. */
  record At(int index) implements Index {}

  /** Positions {@code start, start+step, ...} below {@code stop} (clamped, as Python slices). */
  record Slice(int start, int stop, int step) implements Index {}

  /** Every position of one dim ({@code :}). */
  record All() implements Index {}

  /** A new dim of size 1 ({@code None}). */
  record NewAxis() implements Index {}

  /** As many {@code all()} as needed to index every dim ({@code ...}). */
  record Ellipsis() implements Index {}

  /**
   * Advanced index: an int64 tensor of positions, or a bool mask over the next {@code mask.dim()}
   * dims (a 0-dim mask adds a dim of size 1 or 0, as {@code x[True]}).
   */
  record TensorIndex(Tensor tensor) implements Index {}

  /** A single position. */
  static Index at(int index) {
    return new At(index);
  }

  /** {@code start:stop}. */
  static Index slice(int start, int stop) {
    return new Slice(start, stop, 1);
  }

  /** {@code start:stop:step} (step > 0). */
  static Index slice(int start, int stop, int step) {
    return new Slice(start, stop, step);
  }

  /** {@code :}. */
  static Index all() {
    return new All();
  }

  /** {@code None}. */
  static Index newAxis() {
    return new NewAxis();
  }

  /** {@code ...}. */
  static Index ellipsis() {
    return new Ellipsis();
  }

  /** An int64 index tensor or a bool mask. */
  static Index tensor(Tensor t) {
    return new TensorIndex(t);
  }
}
