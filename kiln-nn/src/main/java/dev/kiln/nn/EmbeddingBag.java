package dev.kiln.nn;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Sums, averages or takes the maximum of bags of embeddings without building the per-index
 * embeddings' output, like PyTorch's {@code nn.EmbeddingBag}: the table is standard normal (the
 * padding row zero). Bags are the rows of a 2-d index tensor, or runs of a 1-d index tensor
 * starting at {@code offsets} (the last offset closes the last bag when {@code includeLastOffset}).
 * Entries equal to {@code paddingIdx} are left out (a mean divides by the other entries; an empty
 * bag gives zeros). {@code perSampleWeights} scale each looked-up row before a sum.
 */
public final class EmbeddingBag extends Module {
  /** How a bag's rows are reduced. */
  public enum Mode {
    /** Their sum (optionally weighted per sample). */
    SUM,
    /** Their mean. */
    MEAN,
    /** Their elementwise maximum. */
    MAX
  }

  private final Mode mode;
  private final Integer paddingIdx;
  private final boolean includeLastOffset;

  /** Mean bags, no padding index, from the default generator. */
  public EmbeddingBag(int numEmbeddings, int embeddingDim) {
    this(numEmbeddings, embeddingDim, Mode.MEAN, null, false, Generator.defaultGenerator());
  }

  /**
   * @param paddingIdx the index left out of every bag (negative counts from the end), or null
   * @param includeLastOffset whether {@code offsets} ends with the end of the last bag
   */
  public EmbeddingBag(
      int numEmbeddings,
      int embeddingDim,
      Mode mode,
      Integer paddingIdx,
      boolean includeLastOffset,
      Generator g) {
    this.mode = mode;
    this.paddingIdx = Embedding.paddingIndex("EmbeddingBag", paddingIdx, numEmbeddings);
    this.includeLastOffset = includeLastOffset;
    registerParameter("weight", Embedding.table(numEmbeddings, embeddingDim, this.paddingIdx, g));
  }

  /** One bag per row of the 2-d int64 {@code input}: output {@code [rows, embeddingDim]}. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null, null);
  }

  /**
   * Bags of the int64 {@code input}: its rows when it is 2-d (then {@code offsets} is null), or the
   * runs starting at the 1-d int64 {@code offsets} (which start at 0) when it is 1-d.
   *
   * @param perSampleWeights one weight per entry of {@code input}, only in {@link Mode#SUM}, or
   *     null
   * @throws IllegalArgumentException on mismatched shapes, offsets or mode
   */
  public Tensor forward(Tensor input, Tensor offsets, Tensor perSampleWeights) {
    String name = LayerChecks.name(this);
    if (perSampleWeights != null
        && (mode != Mode.SUM || !Arrays.equals(perSampleWeights.shape(), input.shape()))) {
      throw new IllegalArgumentException(
          name
              + ": perSampleWeights need mode SUM and the input's shape "
              + Arrays.toString(input.shape())
              + ", got mode "
              + mode
              + " and shape "
              + Arrays.toString(perSampleWeights.shape()));
    }
    Tensor bagOf;
    int bags;
    if (input.dim() == 2 && offsets == null) {
      bags = input.size(0);
      bagOf = Tensor.arange((long) bags).repeatInterleave(input.size(1));
    } else if (input.dim() == 1 && offsets != null && offsets.dim() == 1) {
      bags = offsets.size(0) - (includeLastOffset ? 1 : 0);
      if (bags < 0 || (offsets.size(0) > 0 && offsets.getLong(0) != 0)) {
        throw new IllegalArgumentException(name + ": offsets must start at 0, got " + offsets);
      }
      Tensor starts = offsets.narrow(0, 0, bags);
      bagOf = Tensor.searchsorted(starts, Tensor.arange((long) input.size(0)), true).sub(1L);
    } else {
      throw new IllegalArgumentException(
          name
              + ": expected a 2-d input without offsets or a 1-d input with 1-d offsets, got"
              + " input shape "
              + Arrays.toString(input.shape())
              + (offsets == null
                  ? " and no offsets"
                  : " and offsets shape " + Arrays.toString(offsets.shape())));
    }
    Tensor idx = input.flatten();
    Tensor w = Embedding.withoutPaddingGrad(parameter("weight"), paddingIdx);
    Tensor rows = Tensor.embedding(idx, w);
    if (perSampleWeights != null) {
      rows = rows.mul(perSampleWeights.flatten().unsqueeze(1));
    }
    if (paddingIdx != null) {
      Tensor kept = idx.ne((long) paddingIdx).nonzero().flatten();
      rows = rows.indexSelect(0, kept);
      bagOf = bagOf.indexSelect(0, kept);
    }
    Tensor counts = Tensor.zeros(bags).indexAdd(0, bagOf, Tensor.ones(bagOf.size(0)));
    return switch (mode) {
      case SUM -> sum(rows, bagOf, bags);
      case MEAN -> sum(rows, bagOf, bags).div(counts.clampMin(1.0).unsqueeze(1));
      case MAX -> max(rows, counts.to(DType.INT32).toIntArray());
    };
  }

  private static Tensor sum(Tensor rows, Tensor bagOf, int bags) {
    return Tensor.zeros(rows.dtype(), bags, rows.size(1)).indexAdd(0, bagOf, rows);
  }

  /**
   * The maximum of each bag's run of {@code rows} (bags are contiguous); zeros for an empty one.
   */
  private static Tensor max(Tensor rows, int[] counts) {
    Tensor[] out = new Tensor[counts.length];
    for (int b = 0, start = 0; b < counts.length; start += counts[b], b++) {
      out[b] =
          counts[b] == 0
              ? Tensor.zeros(rows.dtype(), rows.size(1))
              : rows.narrow(0, start, counts[b]).amax(0);
    }
    return out.length == 0 ? Tensor.zeros(rows.dtype(), 0, rows.size(1)) : Tensor.stack(out);
  }

  @Override
  protected String extraRepr() {
    return "mode=" + mode + ", paddingIdx=" + paddingIdx;
  }
}
