package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch 1.13's {@code nn.TransformerDecoder}: {@code numLayers} copies of a decoder layer ({@code
 * layers.0}, ...) applied in turn to the target with the same memory and masks, then an optional
 * final {@code norm}.
 *
 * {@snippet :
 * var dec = new TransformerDecoder(new TransformerDecoderLayer(32, 4), 2, new LayerNorm(32));
 * Tensor y = dec.forward(tgt, memory, tgtMask, null, null, null);
 * }
 */
public final class TransformerDecoder extends Module {
  private final List<TransformerDecoderLayer> layers = new ArrayList<>();
  private final LayerNorm norm;

  /**
   * A decoder of {@code numLayers} copies of {@code layer} (identical initial weights, as PyTorch's
   * deep copies; {@code layer} itself is not used) and final {@code norm} (may be null).
   */
  public TransformerDecoder(TransformerDecoderLayer layer, int numLayers, LayerNorm norm) {
    if (numLayers <= 0) {
      throw new IllegalArgumentException(
          "TransformerDecoder: numLayers must be > 0, got " + numLayers);
    }
    ModuleList list = registerModule("layers", new ModuleList());
    for (int i = 0; i < numLayers; i++) {
      TransformerDecoderLayer copy = layer.copy();
      list.add(copy);
      layers.add(copy);
    }
    this.norm = norm == null ? null : registerModule("norm", norm);
  }

  /** Number of layers. */
  public int numLayers() {
    return layers.size();
  }

  /**
   * Not defined: a decoder needs the encoder's memory; use {@link #forward(Tensor, Tensor)}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor tgt) {
    throw new UnsupportedOperationException(
        describe() + ": a decoder needs memory; call forward(tgt, memory)");
  }

  /** The decoder without masks. */
  public Tensor forward(Tensor tgt, Tensor memory) {
    return forward(tgt, memory, null, null, null, null);
  }

  /**
   * PyTorch's {@code forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
   * memory_key_padding_mask)}; every mask may be null.
   */
  public Tensor forward(
      Tensor tgt,
      Tensor memory,
      Tensor tgtMask,
      Tensor memoryMask,
      Tensor tgtKeyPaddingMask,
      Tensor memoryKeyPaddingMask) {
    Tensor x = tgt;
    for (TransformerDecoderLayer layer : layers) {
      x = layer.forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }
    return norm == null ? x : norm.call(x);
  }
}
