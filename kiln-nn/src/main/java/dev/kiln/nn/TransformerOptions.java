package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * Options shared by the Transformer layers ({@link TransformerEncoderLayer}, {@link
 * TransformerDecoderLayer}, {@link Transformer}), with PyTorch's defaults.
 *
 * {@snippet :
 * TransformerOptions o =
 *     TransformerOptions.defaults().withDimFeedforward(1024).withDropout(0).withBatchFirst(true);
 * }
 *
 * @param dimFeedforward hidden size of the feed-forward block (default 2048)
 * @param dropout drop probability after attention, inside and after the feed-forward block, and of
 *     the attention weights (default 0.1)
 * @param activationName {@code "relu"}, {@code "gelu"} or {@code "custom"} (for messages)
 * @param activation the feed-forward activation (default ReLU)
 * @param layerNormEps eps of every LayerNorm (default 1e-5)
 * @param batchFirst inputs and outputs are {@code [N, L, E]} instead of {@code [L, N, E]}
 * @param normFirst LayerNorm before each block (pre-norm) instead of after (default false)
 * @param generator generator of the initial weights and dropout masks (default: the global one)
 */
public record TransformerOptions(
    int dimFeedforward,
    double dropout,
    String activationName,
    UnaryOperator<Tensor> activation,
    double layerNormEps,
    boolean batchFirst,
    boolean normFirst,
    Generator generator) {

  /** Feed-forward 2048, dropout 0.1, ReLU, eps 1e-5, sequence-first, post-norm. */
  public static TransformerOptions defaults() {
    return new TransformerOptions(
        2048, 0.1, "relu", Tensor::relu, 1e-5, false, false, Generator.defaultGenerator());
  }

  /** These options with another feed-forward size. */
  public TransformerOptions withDimFeedforward(int d) {
    if (d <= 0) {
      throw new IllegalArgumentException(
          "TransformerOptions: dimFeedforward must be > 0, got " + d);
    }
    return new TransformerOptions(
        d, dropout, activationName, activation, layerNormEps, batchFirst, normFirst, generator);
  }

  /** These options with another dropout probability in [0, 1]. */
  public TransformerOptions withDropout(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("TransformerOptions: dropout must be in [0, 1], got " + p);
    }
    return new TransformerOptions(
        dimFeedforward,
        p,
        activationName,
        activation,
        layerNormEps,
        batchFirst,
        normFirst,
        generator);
  }

  /** These options with activation {@code "relu"} or {@code "gelu"} (exact, erf-based). */
  public TransformerOptions withActivation(String name) {
    UnaryOperator<Tensor> fn =
        switch (name) {
          case "relu" -> Tensor::relu;
          case "gelu" -> Tensor::gelu;
          default ->
              throw new IllegalArgumentException(
                  "TransformerOptions: activation should be relu/gelu, not " + name);
        };
    return new TransformerOptions(
        dimFeedforward, dropout, name, fn, layerNormEps, batchFirst, normFirst, generator);
  }

  /** These options with a custom activation function. */
  public TransformerOptions withActivation(UnaryOperator<Tensor> fn) {
    return new TransformerOptions(
        dimFeedforward, dropout, "custom", fn, layerNormEps, batchFirst, normFirst, generator);
  }

  /** These options with another LayerNorm eps. */
  public TransformerOptions withLayerNormEps(double eps) {
    return new TransformerOptions(
        dimFeedforward, dropout, activationName, activation, eps, batchFirst, normFirst, generator);
  }

  /** These options with batch-first ({@code [N, L, E]}) inputs and outputs or not. */
  public TransformerOptions withBatchFirst(boolean b) {
    return new TransformerOptions(
        dimFeedforward, dropout, activationName, activation, layerNormEps, b, normFirst, generator);
  }

  /** These options with pre-norm ({@code true}) or post-norm blocks. */
  public TransformerOptions withNormFirst(boolean b) {
    return new TransformerOptions(
        dimFeedforward,
        dropout,
        activationName,
        activation,
        layerNormEps,
        batchFirst,
        b,
        generator);
  }

  /** These options drawing weights and dropout masks from {@code g}. */
  public TransformerOptions withGenerator(Generator g) {
    return new TransformerOptions(
        dimFeedforward,
        dropout,
        activationName,
        activation,
        layerNormEps,
        batchFirst,
        normFirst,
        g);
  }
}
