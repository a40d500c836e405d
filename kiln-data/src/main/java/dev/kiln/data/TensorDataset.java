package dev.kiln.data;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples are rows of tensors that share their first dimension (PyTorch's {@code TensorDataset}):
 * sample {@code i} is the list {@code [t0.select(0, i), t1.select(0, i), ...]} of zero-copy views.
 *
 * <pre>{@code
 * var ds = new TensorDataset(features, labels); // [150, 4] and [150]
 * List<Tensor> row = ds.get(0);                  // [4] and a 0-dim label
 * }</pre>
 */
public final class TensorDataset implements Dataset<List<Tensor>> {
  private final List<Tensor> tensors;

  /**
   * @throws IllegalArgumentException if no tensor is given, one is 0-dim, or first dimensions
   *     differ
   */
  public TensorDataset(Tensor... tensors) {
    if (tensors.length == 0) {
      throw new IllegalArgumentException("TensorDataset: needs at least one tensor");
    }
    for (Tensor t : tensors) {
      if (t.dim() == 0 || t.size(0) != tensors[0].size(0)) {
        throw new IllegalArgumentException(
            "TensorDataset: every tensor needs the same first dimension, got shapes "
                + Arrays.toString(
                    Arrays.stream(tensors).map(x -> Arrays.toString(x.shape())).toArray()));
      }
    }
    this.tensors = List.of(tensors);
  }

  /** The tensors, as given. */
  public List<Tensor> tensors() {
    return tensors;
  }

  @Override
  public int size() {
    return tensors.get(0).size(0);
  }

  @Override
  public List<Tensor> get(int index) {
    Datasets.checkIndex(index, size(), "TensorDataset");
    List<Tensor> row = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      row.add(t.select(0, index));
    }
    return List.copyOf(row);
  }
}
