package dev.kiln.nn;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.function.UnaryOperator;

/** The residual blocks shared by the Transformer encoder and decoder layers (PyTorch 1.13). */
final class TransformerBlocks {
  private TransformerBlocks() {}

  /** {@code x + block(norm(x))} when {@code normFirst}, else {@code norm(x + block(x))}. */
  static Tensor residual(Tensor x, Module norm, boolean normFirst, UnaryOperator<Tensor> block) {
    return normFirst ? x.add(block.apply(norm.call(x))) : norm.call(x.add(block.apply(x)));
  }

  /** {@code dropout(attn(x, mem, mem))} without weights, as PyTorch's {@code _sa/_mha_block}. */
  static Tensor attention(
      MultiheadAttention attn, Tensor x, Tensor mem, Tensor mask, Tensor keyPadding, Module drop) {
    return drop.call(attn.forward(x, mem, mem, keyPadding, false, mask, true).output());
  }

  /** {@code dropOut(linear2(dropout(activation(linear1(x)))))}, PyTorch's {@code _ff_block}. */
  static Tensor feedForward(
      Tensor x,
      Module linear1,
      UnaryOperator<Tensor> activation,
      Module dropout,
      Module linear2,
      Module dropOut) {
    return dropOut.call(linear2.call(dropout.call(activation.apply(linear1.call(x)))));
  }

  /** Copies {@code from}'s parameters and mode into {@code to}, built with the same options. */
  static <M extends Module> M copyInto(Module from, M to) {
    try (GradMode.Scope s = Autograd.noGrad()) {
      to.loadStateDict(from.stateDict(), true);
    }
    to.train(from.isTraining());
    return to;
  }
}
