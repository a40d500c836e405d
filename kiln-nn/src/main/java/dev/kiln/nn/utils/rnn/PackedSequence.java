package dev.kiln.nn.utils.rnn;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * A batch of variable-length sequences packed time step by time step, like PyTorch's {@code
 * PackedSequence}: step t holds the rows of the {@code batchSizes[t]} sequences still running,
 * longest first. Made by {@link RnnUtils#packPaddedSequence} or {@link RnnUtils#packSequence};
 * accepted by {@link dev.kiln.nn.RNN}, {@link dev.kiln.nn.LSTM} and {@link dev.kiln.nn.GRU}.
 *
 * @param data {@code [sum(batchSizes), *]}: the rows of step 0, then of step 1, ...
 * @param batchSizes int64 {@code [maxLength]}, non-increasing
 * @param sortedIndices int64 {@code [batch]}: sorted position j holds sequence {@code
 *     sortedIndices[j]} of the original batch; null when the batch was already sorted
 * @param unsortedIndices the inverse permutation: sequence i sits at sorted position {@code
 *     unsortedIndices[i]}; null exactly when sortedIndices is
 */
public record PackedSequence(
    Tensor data, Tensor batchSizes, Tensor sortedIndices, Tensor unsortedIndices) {
  /**
   * @throws IllegalArgumentException when batchSizes is not a 1-D int64 tensor or only one of the
   *     index tensors is given
   */
  public PackedSequence {
    if (batchSizes.dim() != 1 || batchSizes.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          "PackedSequence: batchSizes must be a 1-D int64 tensor, got "
              + batchSizes.dtype()
              + " of shape "
              + Arrays.toString(batchSizes.shape()));
    }
    if ((sortedIndices == null) != (unsortedIndices == null)) {
      throw new IllegalArgumentException(
          "PackedSequence: give both sortedIndices and unsortedIndices or neither");
    }
  }

  /** A packed sequence whose unsorted indices are the inverse of {@code sortedIndices}. */
  public PackedSequence(Tensor data, Tensor batchSizes, Tensor sortedIndices) {
    this(data, batchSizes, sortedIndices, sortedIndices == null ? null : invert(sortedIndices));
  }

  private static Tensor invert(Tensor permutation) {
    long[] p = permutation.toLongArray();
    long[] inv = new long[p.length];
    for (int j = 0; j < p.length; j++) {
      inv[Math.toIntExact(p[j])] = j;
    }
    return Tensor.of(inv);
  }
}
