package dev.kiln.nn;

import dev.kiln.ops.IndexOps.ScatterReduce;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Sums, averages or takes the maximum of bags of embeddings without building the per-index
 * embeddings' output, like PyTorch's {@code nn.EmbeddingBag}: the table is standard normal (the
 * padding row zero). Bags are the rows of a 2-d index tensor, or runs of a 1-d index tensor
 * starting at {@code offsets} (the last offset closes the last bag when {@code includeLastOffset}).
 * Entries equal to {@code paddingIdx} are left out (a mean divides by the other entries; an empty
 * bag gives zeros). {@code perSampleWeights} scale each looked-up row before a sum. With a {@code
 * maxNorm}, looked-up rows are first renormalised in place as {@link Embedding} does.
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
  private final Double maxNorm;
  private final double normType;

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
    this(numEmbeddings, embeddingDim, mode, paddingIdx, includeLastOffset, null, 2.0, g);
  }

  /**
   * @param paddingIdx the index left out of every bag (negative counts from the end), or null
   * @param includeLastOffset whether {@code offsets} ends with the end of the last bag
   * @param maxNorm the largest norm a looked-up row keeps (rows are rescaled in place, as in {@link
   *     Embedding}), or null for no limit
   * @param normType the p of the p-norm compared with {@code maxNorm}
   */
  public EmbeddingBag(
      int numEmbeddings,
      int embeddingDim,
      Mode mode,
      Integer paddingIdx,
      boolean includeLastOffset,
      Double maxNorm,
      double normType,
      Generator g) {
    this.mode = mode;
    this.paddingIdx = Embedding.paddingIndex("EmbeddingBag", paddingIdx, numEmbeddings);
    this.includeLastOffset = includeLastOffset;
    this.maxNorm = maxNorm;
    this.normType = normType;
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
      boolean ordered = offsets.size(0) < 2 || offsets.diff().ge(0L).all().itemBool();
      if (bags < 0
          || (offsets.size(0) > 0 && offsets.getLong(0) != 0)
          || !ordered
          || (offsets.size(0) > 0 && offsets.getLong(offsets.size(0) - 1) > input.size(0))) {
        throw new IllegalArgumentException(
            name
                + ": offsets must start at 0 and not decrease or pass the "
                + input.size(0)
                + " indices"
                + (includeLastOffset ? " (and hold the end of the last bag)" : "")
                + ", got "
                + offsets);
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
    if (maxNorm != null) {
      Embedding.renorm_(parameter("weight"), idx, maxNorm, normType);
    }
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
    return switch (mode) {
      case SUM -> sum(rows, bagOf, bags);
      case MEAN -> {
        Tensor counts = Tensor.zeros(bags).indexAdd(0, bagOf, Tensor.ones(bagOf.size(0)));
        yield sum(rows, bagOf, bags).div(counts.clampMin(1.0).unsqueeze(1));
      }
      case MAX ->
          Tensor.zeros(rows.dtype(), bags, rows.size(1))
              .scatter(0, bagOf.unsqueeze(1).expand(rows.shape()), rows, ScatterReduce.AMAX, false);
    };
  }

  private static Tensor sum(Tensor rows, Tensor bagOf, int bags) {
    return Tensor.zeros(rows.dtype(), bags, rows.size(1)).indexAdd(0, bagOf, rows);
  }

  @Override
  protected String extraRepr() {
    return "mode="
        + mode
        + ", paddingIdx="
        + paddingIdx
        + (maxNorm == null ? "" : ", maxNorm=" + maxNorm + ", normType=" + normType);
  }
}
