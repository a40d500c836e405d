package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * PyTorch 1.13's {@code nn.TransformerEncoderLayer}: self-attention ({@code self_attn}) and a
 * feed-forward block ({@code linear1}, activation, {@code dropout}, {@code linear2}), each with a
 * residual connection and a LayerNorm ({@code norm1}, {@code norm2}) after it, or before it with
 * {@code normFirst}.
 *
 * {@snippet :
 * var layer = new TransformerEncoderLayer(256, 4,
 *     TransformerOptions.defaults().withDimFeedforward(1024).withDropout(0).withBatchFirst(true));
 * Tensor y = layer.forward(x, srcMask, srcKeyPaddingMask);
 * }
 */
public final class TransformerEncoderLayer extends Module {
  private final int dModel;
  private final int nhead;
  private final TransformerOptions options;
  private final MultiheadAttention selfAttn;
  private final Linear linear1;
  private final Dropout dropout;
  private final Linear linear2;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final Dropout dropout1;
  private final Dropout dropout2;

  /** A layer with {@link TransformerOptions#defaults()}. */
  public TransformerEncoderLayer(int dModel, int nhead) {
    this(dModel, nhead, TransformerOptions.defaults());
  }

  /** A layer of width {@code dModel} with {@code nhead} attention heads. */
  public TransformerEncoderLayer(int dModel, int nhead, TransformerOptions options) {
    this.dModel = dModel;
    this.nhead = nhead;
    this.options = options;
    var g = options.generator();
    double p = options.dropout();
    selfAttn =
        registerModule(
            "self_attn",
            new MultiheadAttention(
                dModel, nhead, p, true, false, false, dModel, dModel, options.batchFirst(), g));
    linear1 = registerModule("linear1", new Linear(dModel, options.dimFeedforward(), true, g));
    dropout = registerModule("dropout", new Dropout(p, g));
    linear2 = registerModule("linear2", new Linear(options.dimFeedforward(), dModel, true, g));
    int[] shape = {dModel};
    norm1 = registerModule("norm1", new LayerNorm(shape, options.layerNormEps(), true));
    norm2 = registerModule("norm2", new LayerNorm(shape, options.layerNormEps(), true));
    dropout1 = registerModule("dropout1", new Dropout(p, g));
    dropout2 = registerModule("dropout2", new Dropout(p, g));
  }

  /** A new layer with the same options and copies of this layer's parameters and mode. */
  public TransformerEncoderLayer copy() {
    return TransformerBlocks.copyInto(this, new TransformerEncoderLayer(dModel, nhead, options));
  }

  /** The layer without masks. */
  @Override
  public Tensor forward(Tensor src) {
    return forward(src, null, null);
  }

  /**
   * PyTorch's {@code forward(src, src_mask, src_key_padding_mask)}.
   *
   * @param srcMask null or the attention mask of {@link MultiheadAttention#forward(Tensor, Tensor,
   *     Tensor, Tensor, boolean, Tensor, boolean)}
   * @param srcKeyPaddingMask null or the key padding mask ({@code true} = padding)
   */
  public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
    boolean nf = options.normFirst();
    Tensor x =
        TransformerBlocks.residual(
            src,
            norm1,
            nf,
            h -> TransformerBlocks.attention(selfAttn, h, h, srcMask, srcKeyPaddingMask, dropout1));
    return TransformerBlocks.residual(
        x,
        norm2,
        nf,
        h ->
            TransformerBlocks.feedForward(
                h, linear1, options.activation(), dropout, linear2, dropout2));
  }

  @Override
  protected String extraRepr() {
    return "dModel="
        + dModel
        + ", nhead="
        + nhead
        + ", activation="
        + options.activationName()
        + ", normFirst="
        + options.normFirst();
  }
}
