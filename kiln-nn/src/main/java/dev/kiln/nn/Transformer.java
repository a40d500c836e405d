package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * PyTorch 1.13's {@code nn.Transformer}: an {@link TransformerEncoder} ({@code encoder}, with a
 * final LayerNorm) over the source and a {@link TransformerDecoder} ({@code decoder}, with a final
 * LayerNorm) over the target and the encoder's output. Every parameter with more than one dimension
 * is re-initialised xavier-uniform, as PyTorch does.
 *
 * {@snippet :
 * var model = new Transformer(32, 4, 2, 2, TransformerOptions.defaults().withBatchFirst(true));
 * Tensor y = model.forward(src, tgt, null, Transformer.generateSquareSubsequentMask(tgtLen),
 *     null, null, null, null);
 * }
 */
public final class Transformer extends Module {
  private final int dModel;
  private final boolean batchFirst;
  private final TransformerEncoder encoder;
  private final TransformerDecoder decoder;

  /** A model with {@link TransformerOptions#defaults()}. */
  public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers) {
    this(dModel, nhead, numEncoderLayers, numDecoderLayers, TransformerOptions.defaults());
  }

  /** A model of width {@code dModel} with {@code nhead} heads in every attention. */
  public Transformer(
      int dModel,
      int nhead,
      int numEncoderLayers,
      int numDecoderLayers,
      TransformerOptions options) {
    this.dModel = dModel;
    this.batchFirst = options.batchFirst();
    int[] shape = {dModel};
    double eps = options.layerNormEps();
    encoder =
        registerModule(
            "encoder",
            new TransformerEncoder(
                new TransformerEncoderLayer(dModel, nhead, options),
                numEncoderLayers,
                new LayerNorm(shape, eps, true)));
    decoder =
        registerModule(
            "decoder",
            new TransformerDecoder(
                new TransformerDecoderLayer(dModel, nhead, options),
                numDecoderLayers,
                new LayerNorm(shape, eps, true)));
    for (Tensor p : parameters()) {
      if (p.dim() > 1) {
        Init.xavierUniform_(p, 1.0, options.generator());
      }
    }
  }

  /**
   * A {@code [size, size]} float mask with {@code -inf} above the diagonal and 0 elsewhere, so that
   * position {@code i} attends only to positions {@code <= i}.
   */
  public static Tensor generateSquareSubsequentMask(int size) {
    return Tensor.full(Double.NEGATIVE_INFINITY, size, size).triu(1);
  }

  /**
   * Not defined: the model needs a source and a target; use {@link #forward(Tensor, Tensor)}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor src) {
    throw new UnsupportedOperationException(
        describe() + ": a Transformer needs src and tgt; call forward(src, tgt)");
  }

  /** The model without masks. */
  public Tensor forward(Tensor src, Tensor tgt) {
    return forward(src, tgt, null, null, null, null, null, null);
  }

  /**
   * PyTorch's {@code forward(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask,
   * tgt_key_padding_mask, memory_key_padding_mask)}; every mask may be null.
   *
   * @throws IllegalArgumentException when src and tgt differ in batch size or feature size is not
   *     {@code dModel}
   */
  public Tensor forward(
      Tensor src,
      Tensor tgt,
      Tensor srcMask,
      Tensor tgtMask,
      Tensor memoryMask,
      Tensor srcKeyPaddingMask,
      Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask) {
    int batchDim = batchFirst ? 0 : 1;
    if (src.dim() == 3 && tgt.dim() == 3 && src.size(batchDim) != tgt.size(batchDim)) {
      throw new IllegalArgumentException(
          describe()
              + ": the batch sizes of src "
              + Arrays.toString(src.shape())
              + " and tgt "
              + Arrays.toString(tgt.shape())
              + " must be equal");
    }
    if (src.size(-1) != dModel || tgt.size(-1) != dModel) {
      throw new IllegalArgumentException(
          describe()
              + ": the feature sizes of src "
              + Arrays.toString(src.shape())
              + " and tgt "
              + Arrays.toString(tgt.shape())
              + " must equal dModel "
              + dModel);
    }
    Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask);
    return decoder.forward(
        tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
  }
}
