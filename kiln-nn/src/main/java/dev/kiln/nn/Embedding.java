package dev.kiln.nn;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, initialised
 * standard normal, like {@code nn.Embedding}. The row at {@code paddingIdx} starts at zero and
 * receives no gradient.
 */
public final class Embedding extends Module {
  private final int numEmbeddings;
  private final Integer paddingIdx;

  /** No padding index, from the default generator. */
  public Embedding(int numEmbeddings, int embeddingDim) {
    this(numEmbeddings, embeddingDim, null, Generator.defaultGenerator());
  }

  /**
   * @param paddingIdx the padding row (negative counts from the end), or null for none
   */
  public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Generator g) {
    this.numEmbeddings = numEmbeddings;
    if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
      throw new IllegalArgumentException(
          "Embedding: paddingIdx " + paddingIdx + " out of range for " + numEmbeddings + " rows");
    }
    this.paddingIdx =
        paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    Tensor w = Tensor.empty(numEmbeddings, embeddingDim);
    try (GradMode.Scope s = Autograd.noGrad()) {
      w.normal_(g, 0, 1);
      if (this.paddingIdx != null) {
        w.select(0, this.paddingIdx).fill_(0);
      }
    }
    registerParameter("weight", w.requiresGrad_(true));
  }

  /** Rows of the table at int64 {@code indices}; output shape {@code indices.shape + [dim]}. */
  @Override
  public Tensor forward(Tensor indices) {
    Tensor w = parameter("weight");
    if (paddingIdx != null) {
      Tensor isPad = Tensor.arange((long) numEmbeddings).eq((long) paddingIdx).unsqueeze(1);
      w = Tensor.where(isPad, w.detach(), w);
    }
    return Tensor.embedding(indices, w);
  }

  @Override
  protected String extraRepr() {
    return "paddingIdx=" + paddingIdx;
  }
}
