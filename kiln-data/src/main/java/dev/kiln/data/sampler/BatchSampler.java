package dev.kiln.data.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups a sampler's indices into batches of {@code batchSize} (PyTorch's {@code BatchSampler});
 * the last batch is shorter unless {@code dropLast} drops it.
 *
 * @param sampler the index order
 * @param batchSize indices per batch
 * @param dropLast drop a last batch shorter than {@code batchSize}
 */
public record BatchSampler(Sampler sampler, int batchSize, boolean dropLast) {
  /** Validates the batch size. */
  public BatchSampler {
    Samplers.checkPositive(batchSize, "BatchSampler", "batchSize");
  }

  /** The batches of epoch {@code epoch}. */
  public List<int[]> batches(int epoch) {
    int[] indices = sampler.indices(epoch);
    List<int[]> out = new ArrayList<>(indices.length / batchSize + 1);
    for (int start = 0; start < indices.length; start += batchSize) {
      int end = Math.min(start + batchSize, indices.length);
      if (end - start == batchSize || !dropLast) {
        out.add(Arrays.copyOfRange(indices, start, end));
      }
    }
    return out;
  }

  /** Batches per epoch. */
  public int size() {
    int n = sampler.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }
}
