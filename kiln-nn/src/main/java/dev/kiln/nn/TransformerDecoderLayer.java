package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * PyTorch 1.13's {@code nn.TransformerDecoderLayer}: self-attention ({@code self_attn}), attention
 * over the encoder's memory ({@code multihead_attn}) and a feed-forward block ({@code linear1},
 * activation, {@code dropout}, {@code linear2}), each with a residual connection and a LayerNorm
 * ({@code norm1..3}) after it, or before it with {@code normFirst}.
 *
 * {@snippet :
 * var layer = new TransformerDecoderLayer(32, 4, TransformerOptions.defaults().withDropout(0));
 * Tensor y = layer.forward(tgt, memory, Transformer.generateSquareSubsequentMask(tgtLen),
 *     null, null, null);
 * }
 */
public final class TransformerDecoderLayer extends Module {
  private final int dModel;
  private final int nhead;
  private final TransformerOptions options;
  private final MultiheadAttention selfAttn;
  private final MultiheadAttention multiheadAttn;
  private final Linear linear1;
  private final Dropout dropout;
  private final Linear linear2;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final LayerNorm norm3;
  private final Dropout dropout1;
  private final Dropout dropout2;
  private final Dropout dropout3;

  /** A layer with {@link TransformerOptions#defaults()}. */
  public TransformerDecoderLayer(int dModel, int nhead) {
    this(dModel, nhead, TransformerOptions.defaults());
  }

  /** A layer of width {@code dModel} with {@code nhead} attention heads. */
  public TransformerDecoderLayer(int dModel, int nhead, TransformerOptions options) {
    this.dModel = dModel;
    this.nhead = nhead;
    this.options = options;
    var g = options.generator();
    double p = options.dropout();
    boolean bf = options.batchFirst();
    selfAttn =
        registerModule(
            "self_attn",
            new MultiheadAttention(dModel, nhead, p, true, false, false, dModel, dModel, bf, g));
    multiheadAttn =
        registerModule(
            "multihead_attn",
            new MultiheadAttention(dModel, nhead, p, true, false, false, dModel, dModel, bf, g));
    linear1 = registerModule("linear1", new Linear(dModel, options.dimFeedforward(), true, g));
    dropout = registerModule("dropout", new Dropout(p, g));
    linear2 = registerModule("linear2", new Linear(options.dimFeedforward(), dModel, true, g));
    int[] shape = {dModel};
    norm1 = registerModule("norm1", new LayerNorm(shape, options.layerNormEps(), true));
    norm2 = registerModule("norm2", new LayerNorm(shape, options.layerNormEps(), true));
    norm3 = registerModule("norm3", new LayerNorm(shape, options.layerNormEps(), true));
    dropout1 = registerModule("dropout1", new Dropout(p, g));
    dropout2 = registerModule("dropout2", new Dropout(p, g));
    dropout3 = registerModule("dropout3", new Dropout(p, g));
  }

  /** A new layer with the same options and copies of this layer's parameters and mode. */
  public TransformerDecoderLayer copy() {
    return TransformerBlocks.copyInto(this, new TransformerDecoderLayer(dModel, nhead, options));
  }

  /**
   * Not defined: a decoder layer needs the encoder's memory; use {@link #forward(Tensor, Tensor)}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor tgt) {
    throw new UnsupportedOperationException(
        describe() + ": a decoder layer needs memory; call forward(tgt, memory)");
  }

  /** The layer without masks. */
  public Tensor forward(Tensor tgt, Tensor memory) {
    return forward(tgt, memory, null, null, null, null);
  }

  /**
   * PyTorch's {@code forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
   * memory_key_padding_mask)}; every mask may be null (see {@link MultiheadAttention}).
   */
  public Tensor forward(
      Tensor tgt,
      Tensor memory,
      Tensor tgtMask,
      Tensor memoryMask,
      Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask) {
    boolean nf = options.normFirst();
    Tensor x =
        TransformerBlocks.residual(
            tgt,
            norm1,
            nf,
            h -> TransformerBlocks.attention(selfAttn, h, h, tgtMask, tgtKeyPaddingMask, dropout1));
    x =
        TransformerBlocks.residual(
            x,
            norm2,
            nf,
            h ->
                TransformerBlocks.attention(
                    multiheadAttn, h, memory, memoryMask, memoryKeyPaddingMask, dropout2));
    return TransformerBlocks.residual(
        x,
        norm3,
        nf,
        h ->
            TransformerBlocks.feedForward(
                h, linear1, options.activation(), dropout, linear2, dropout3));
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
