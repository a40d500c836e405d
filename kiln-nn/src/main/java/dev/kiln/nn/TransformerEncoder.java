package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch 1.13's {@code nn.TransformerEncoder}: {@code numLayers} copies of an encoder layer
 * ({@code layers.0}, {@code layers.1}, ...) applied in turn, then an optional final {@code norm}.
 *
 * {@snippet :
 * var enc = new TransformerEncoder(new TransformerEncoderLayer(32, 4), 2, new LayerNorm(32));
 * Tensor memory = enc.forward(src, null, srcKeyPaddingMask);
 * }
 */
public final class TransformerEncoder extends Module {
  private final List<TransformerEncoderLayer> layers = new ArrayList<>();
  private final LayerNorm norm;

  /**
   * An encoder of {@code numLayers} copies of {@code layer} (identical initial weights, as
   * PyTorch's deep copies; {@code layer} itself is not used) and final {@code norm} (may be null).
   */
  public TransformerEncoder(TransformerEncoderLayer layer, int numLayers, LayerNorm norm) {
    if (numLayers <= 0) {
      throw new IllegalArgumentException(
          "TransformerEncoder: numLayers must be > 0, got " + numLayers);
    }
    ModuleList list = registerModule("layers", new ModuleList());
    for (int i = 0; i < numLayers; i++) {
      TransformerEncoderLayer copy = layer.copy();
      list.add(copy);
      layers.add(copy);
    }
    this.norm = norm == null ? null : registerModule("norm", norm);
  }

  /** Number of layers. */
  public int numLayers() {
    return layers.size();
  }

  /** The encoder without masks. */
  @Override
  public Tensor forward(Tensor src) {
    return forward(src, null, null);
  }

  /**
   * PyTorch's {@code forward(src, mask, src_key_padding_mask)}: every layer gets both masks.
   *
   * @param mask null or the self-attention mask
   * @param srcKeyPaddingMask null or the key padding mask ({@code true} = padding)
   */
  public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
    Tensor x = src;
    for (TransformerEncoderLayer layer : layers) {
      x = layer.forward(x, mask, srcKeyPaddingMask);
    }
    return norm == null ? x : norm.call(x);
  }
}
