package dev.kiln.nn.utils.rnn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Packing and padding of variable-length sequences, like PyTorch's {@code torch.nn.utils.rnn}. All
 * moves are one {@code indexSelect} each, so gradients flow back to the inputs.
 *
 * {@snippet :
 * PackedSequence p = RnnUtils.packPaddedSequence(x, new long[] {2, 5, 3}, true, false);
 * LstmOutput<PackedSequence> r = lstm.forward(p, null, null);
 * PaddedSequence out = RnnUtils.padPackedSequence(r.output(), true, 0, null);
 * }
 */
public final class RnnUtils {
  private RnnUtils() {}

  /** {@link #packPaddedSequence(Tensor, long[], boolean, boolean)} with lengths as a tensor. */
  public static PackedSequence packPaddedSequence(
      Tensor input, Tensor lengths, boolean batchFirst, boolean enforceSorted) {
    return packPaddedSequence(input, lengths.toLongArray(), batchFirst, enforceSorted);
  }

  /**
   * Packs a padded batch {@code [time, batch, *]} (or {@code [batch, time, *]}) whose sequence i is
   * {@code lengths[i]} long.
   *
   * @param enforceSorted when true, lengths must be non-increasing and no indices are recorded;
   *     when false, the sequences are sorted by decreasing length (ties keep their order; PyTorch's
   *     order among ties is unspecified) and the permutation is recorded
   * @throws IllegalArgumentException when a length is not in {@code [1, time]}, the count of
   *     lengths is not the batch size, or lengths are unsorted with enforceSorted
   */
  public static PackedSequence packPaddedSequence(
      Tensor input, long[] lengths, boolean batchFirst, boolean enforceSorted) {
    String op = "packPaddedSequence";
    if (input.dim() < 2) {
      throw new IllegalArgumentException(
          op + ": expected an input of at least 2 dims, got " + Arrays.toString(input.shape()));
    }
    int steps = input.size(batchFirst ? 1 : 0);
    int batch = input.size(batchFirst ? 0 : 1);
    if (lengths.length != batch) {
      throw new IllegalArgumentException(
          op
              + ": expected "
              + batch
              + " lengths (the batch size of input "
              + Arrays.toString(input.shape())
              + "), got "
              + lengths.length);
    }
    for (long len : lengths) {
      if (len < 1 || len > steps) {
        throw new IllegalArgumentException(
            op + ": every length must be in [1, " + steps + "], got " + Arrays.toString(lengths));
      }
    }
    int[] order = IntStream.range(0, batch).toArray();
    if (enforceSorted) {
      for (int i = 1; i < batch; i++) {
        if (lengths[i] > lengths[i - 1]) {
          throw new IllegalArgumentException(
              op
                  + ": lengths "
                  + Arrays.toString(lengths)
                  + " must be sorted in decreasing order when enforceSorted is true"
                  + " (pass enforceSorted=false for unsorted lengths)");
        }
      }
    } else {
      order =
          IntStream.range(0, batch)
              .boxed()
              .sorted(Comparator.comparingLong(i -> -lengths[i]))
              .mapToInt(Integer::intValue)
              .toArray();
    }
    int maxLen = (int) lengths[order[0]];
    long[] batchSizes = new long[maxLen];
    long[] rows = new long[Arrays.stream(lengths).mapToInt(Math::toIntExact).sum()];
    int n = 0;
    for (int t = 0; t < maxLen; t++) {
      for (int j = 0; j < batch && lengths[order[j]] > t; j++, batchSizes[t]++) {
        rows[n++] = batchFirst ? (long) order[j] * steps + t : (long) t * batch + order[j];
      }
    }
    int[] flat = input.shape().clone();
    flat = Arrays.copyOfRange(flat, 1, flat.length);
    flat[0] = steps * batch;
    Tensor data = input.reshape(flat).indexSelect(0, Tensor.of(rows));
    Tensor sorted = enforceSorted ? null : Tensor.of(Arrays.stream(order).asLongStream().toArray());
    return new PackedSequence(data, Tensor.of(batchSizes), sorted);
  }

  /**
   * Unpacks to a padded batch in the original order, like {@code pad_packed_sequence}.
   *
   * @param paddingValue the value after each sequence's end
   * @param totalLength the padded time length (at least the longest sequence), or null for the
   *     longest sequence's length
   */
  public static PaddedSequence padPackedSequence(
      PackedSequence sequence, boolean batchFirst, double paddingValue, Integer totalLength) {
    long[] sizes = sequence.batchSizes().toLongArray();
    int maxLen = sizes.length;
    int steps = totalLength == null ? maxLen : totalLength;
    if (steps < maxLen) {
      throw new IllegalArgumentException(
          "padPackedSequence: totalLength "
              + totalLength
              + " is less than the longest sequence's length "
              + maxLen);
    }
    int batch = maxLen == 0 ? 0 : (int) sizes[0];
    long[] position =
        sequence.unsortedIndices() == null
            ? IntStream.range(0, batch).asLongStream().toArray()
            : sequence.unsortedIndices().toLongArray();
    Tensor data = sequence.data();
    int padRow = data.size(0);
    long[] offsets = new long[maxLen];
    for (int t = 1; t < maxLen; t++) {
      offsets[t] = offsets[t - 1] + sizes[t - 1];
    }
    long[] rows = new long[steps * batch];
    long[] lengths = new long[batch];
    for (int i = 0; i < batch; i++) {
      long p = position[i];
      for (int t = 0; t < steps; t++) {
        boolean valid = t < maxLen && p < sizes[t];
        lengths[i] += valid ? 1 : 0;
        rows[batchFirst ? i * steps + t : t * batch + i] = valid ? offsets[t] + p : padRow;
      }
    }
    int[] rest = Arrays.copyOfRange(data.shape(), 1, data.dim());
    int[] padShape = prepend(1, rest);
    Tensor extended = Tensor.cat(0, data, Tensor.full(paddingValue, data.dtype(), padShape));
    int[] outShape = prepend(batchFirst ? batch : steps, prepend(batchFirst ? steps : batch, rest));
    Tensor padded = extended.indexSelect(0, Tensor.of(rows)).view(outShape);
    return new PaddedSequence(padded, Tensor.of(lengths));
  }

  /**
   * Packs sequences {@code [length_i, *]}, like {@code pack_sequence}: {@link #padSequence} then
   * {@link #packPaddedSequence} (time-major).
   */
  public static PackedSequence packSequence(List<Tensor> sequences, boolean enforceSorted) {
    long[] lengths = sequences.stream().mapToLong(s -> s.size(0)).toArray();
    return packPaddedSequence(padSequence(sequences, false, 0), lengths, false, enforceSorted);
  }

  /**
   * Stacks sequences {@code [length_i, *]} into {@code [maxLength, batch, *]} (or {@code [batch,
   * maxLength, *]}), padding after each one's end, like {@code pad_sequence}.
   *
   * @throws IllegalArgumentException when the list is empty or the trailing dims differ
   */
  public static Tensor padSequence(
      List<Tensor> sequences, boolean batchFirst, double paddingValue) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("padSequence: expected at least one sequence");
    }
    int[] rest = Arrays.copyOfRange(sequences.get(0).shape(), 1, sequences.get(0).dim());
    int maxLen = sequences.stream().mapToInt(s -> s.size(0)).max().getAsInt();
    Tensor[] padded = new Tensor[sequences.size()];
    for (int i = 0; i < padded.length; i++) {
      Tensor s = sequences.get(i);
      if (s.dim() == 0 || !Arrays.equals(Arrays.copyOfRange(s.shape(), 1, s.dim()), rest)) {
        throw new IllegalArgumentException(
            "padSequence: sequence "
                + i
                + " has shape "
                + Arrays.toString(s.shape())
                + ", expected [length, "
                + Arrays.toString(rest).replaceAll("[\\[\\]]", "")
                + "] like sequence 0");
      }
      int missing = maxLen - s.size(0);
      padded[i] =
          missing == 0
              ? s
              : Tensor.cat(0, s, Tensor.full(paddingValue, s.dtype(), prepend(missing, rest)));
    }
    return Tensor.stack(batchFirst ? 0 : 1, padded);
  }

  private static int[] prepend(int first, int[] rest) {
    int[] shape = new int[rest.length + 1];
    shape[0] = first;
    System.arraycopy(rest, 0, shape, 1, rest.length);
    return shape;
  }
}
