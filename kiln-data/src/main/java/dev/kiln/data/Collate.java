package dev.kiln.data;

import dev.kiln.data.internal.TensorStack;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a list of samples into one batch (PyTorch's {@code collate_fn}).
 *
 * <p>{@link #defaultCollate()} follows PyTorch's {@code default_collate}, element by element:
 *
 * <ul>
 *   <li>tensors of equal shape stack to {@code [B, ...shape]};
 *   <li>{@code Integer}/{@code Long}/{@code Short}/{@code Byte} become an int64 tensor {@code [B]},
 *       {@code Float} float32, {@code Double} float64, {@code Boolean} bool;
 *   <li>primitive arrays ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]}, {@code
 *       byte[]} as uint8, {@code boolean[]}) of equal length become {@code [B, length]};
 *   <li>strings stay a {@code List<String>};
 *   <li>a {@code List} (or a record) of fields collates field by field into a {@code List} (or a
 *       {@code Map} from component name, as PyTorch does for dicts); a {@code Map} collates value
 *       by value under the same keys. Nesting is recursive.
 * </ul>
 *
 * <pre>{@code
 * record Sample(Tensor image, int label) {}
 * Map<String, Object> b = (Map<String, Object>) Collate.defaultCollate().collate(List.of(s0, s1));
 * // b.get("image"): [2, C, H, W]; b.get("label"): int64 [2]
 * }</pre>
 *
 * @param <T> the sample type
 * @param <B> the batch type
 */
@FunctionalInterface
public interface Collate<T, B> {
  /** Combines {@code samples} (never empty) into a batch. */
  B collate(List<T> samples);

  /** PyTorch's {@code default_collate} rules (see the type's description). */
  static <T> Collate<T, Object> defaultCollate() {
    return samples -> DefaultCollate.collate(new ArrayList<>(samples), "batch");
  }

  /** Stacks position by position: samples {@code [x_i, y_i]} become {@code [X, Y]}. */
  static Collate<List<Tensor>, List<Tensor>> tensors() {
    return samples -> {
      int width = samples.get(0).size();
      List<Tensor> out = new ArrayList<>(width);
      for (int k = 0; k < width; k++) {
        List<Tensor> column = new ArrayList<>(samples.size());
        for (List<Tensor> s : samples) {
          if (s.size() != width) {
            throw new IllegalArgumentException(
                "collate: samples have " + width + " and " + s.size() + " tensors");
          }
          column.add(s.get(k));
        }
        out.add(TensorStack.stack(column, "collate[" + k + "]"));
      }
      return List.copyOf(out);
    };
  }
}
