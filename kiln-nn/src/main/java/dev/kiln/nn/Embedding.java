package dev.kiln.nn;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, initialised
 * standard normal, like {@code nn.Embedding}. The row at {@code paddingIdx} starts at zero and
 * receives no gradient. With a {@code maxNorm}, each forward first rescales, in place and without
 * recording gradients, every looked-up row whose {@code normType}-norm exceeds {@code maxNorm} to
 * norm {@code maxNorm} (scale {@code maxNorm / (norm + 1e-7)}), as PyTorch does.
 */
public final class Embedding extends Module {
  private final Integer paddingIdx;
  private final Double maxNorm;
  private final double normType;

  /** No padding index, from the default generator. */
  public Embedding(int numEmbeddings, int embeddingDim) {
    this(numEmbeddings, embeddingDim, null, Generator.defaultGenerator());
  }

  /**
   * @param paddingIdx the padding row (negative counts from the end), or null for none
   */
  public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Generator g) {
    this(numEmbeddings, embeddingDim, paddingIdx, null, 2.0, g);
  }

  /**
   * @param paddingIdx the padding row (negative counts from the end), or null for none
   * @param maxNorm the largest norm a looked-up row keeps, or null for no limit
   * @param normType the p of the p-norm compared with {@code maxNorm}
   */
  public Embedding(
      int numEmbeddings,
      int embeddingDim,
      Integer paddingIdx,
      Double maxNorm,
      double normType,
      Generator g) {
    this.paddingIdx = paddingIndex("Embedding", paddingIdx, numEmbeddings);
    this.maxNorm = maxNorm;
    this.normType = normType;
    registerParameter("weight", table(numEmbeddings, embeddingDim, this.paddingIdx, g));
  }

  /** {@code paddingIdx} counted from the start, checked against {@code rows}; null stays null. */
  static Integer paddingIndex(String kind, Integer paddingIdx, int rows) {
    if (paddingIdx != null && (paddingIdx >= rows || paddingIdx < -rows)) {
      throw new IllegalArgumentException(
          kind + ": paddingIdx " + paddingIdx + " out of range for " + rows + " rows");
    }
    return paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
  }

  /** A standard-normal {@code [rows, dim]} table with a zero padding row, requiring grad. */
  static Tensor table(int rows, int dim, Integer paddingIdx, Generator g) {
    Tensor w = Tensor.empty(rows, dim);
    try (GradMode.Scope s = Autograd.noGrad()) {
      w.normal_(g, 0, 1);
      if (paddingIdx != null) {
        w.select(0, paddingIdx).fill_(0);
      }
    }
    return w.requiresGrad_(true);
  }

  /** {@code w} with the padding row detached, so that it gets no gradient. */
  static Tensor withoutPaddingGrad(Tensor w, Integer paddingIdx) {
    if (paddingIdx == null) {
      return w;
    }
    Tensor isPad = Tensor.arange((long) w.size(0)).eq((long) paddingIdx).unsqueeze(1);
    return Tensor.where(isPad, w.detach(), w);
  }

  /**
   * Rescales the rows of {@code w} at {@code indices} to norm at most {@code maxNorm}, in place.
   */
  static void renorm_(Tensor w, Tensor indices, double maxNorm, double normType) {
    try (GradMode.Scope s = Autograd.noGrad()) {
      Tensor rows = indices.flatten().unique().values();
      Tensor selected = w.indexSelect(0, rows);
      Tensor norms = selected.norm(normType, new int[] {1}, true);
      Tensor scale =
          Tensor.where(
              norms.gt(maxNorm), norms.add(1e-7).reciprocal().mul(maxNorm), Tensor.onesLike(norms));
      w.indexCopy_(0, rows, selected.mul(scale));
    }
  }

  /** Rows of the table at int64 {@code indices}; output shape {@code indices.shape + [dim]}. */
  @Override
  public Tensor forward(Tensor indices) {
    Tensor w = parameter("weight");
    if (maxNorm != null) {
      renorm_(w, indices, maxNorm, normType);
    }
    return Tensor.embedding(indices, withoutPaddingGrad(w, paddingIdx));
  }

  @Override
  protected String extraRepr() {
    return "paddingIdx="
        + paddingIdx
        + (maxNorm == null ? "" : ", maxNorm=" + maxNorm + ", normType=" + normType);
  }
}
