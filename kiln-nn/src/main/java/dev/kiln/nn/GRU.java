package dev.kiln.nn;

import dev.kiln.nn.utils.rnn.PackedSequence;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * A gated recurrent unit, stacked and optionally bidirectional, like PyTorch's {@code nn.GRU}:
 * gates in PyTorch's order r, z, n with {@code r = σ(x W_ir^T + b_ir + h W_hr^T + b_hr)}, {@code z}
 * likewise, {@code n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn))}, {@code h' = (1 - z) n + z h}
 * (same parameter names, shapes and initialisation; see {@link RNNBase}).
 */
public final class GRU extends RNNBase {
  /** One layer, from the default generator. */
  public GRU(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, RnnOptions.defaults(), Generator.defaultGenerator());
  }

  /**
   * @param g the generator of the initial weights and the dropout masks
   */
  public GRU(int inputSize, int hiddenSize, RnnOptions options, Generator g) {
    super(RecurrentSteps.Kind.GRU, inputSize, hiddenSize, 0, options, g);
  }

  /** The last layer's output at every step, starting from zero states. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null).output();
  }

  /**
   * The output and final hidden states.
   *
   * @param h0 {@code [layers*dirs, batch, hidden]} ({@code [layers*dirs, hidden]} for an unbatched
   *     input), or null for zeros
   */
  public RnnOutput<Tensor> forward(Tensor input, Tensor h0) {
    Result<Tensor> r = runPadded(input, h0 == null ? null : new Tensor[] {h0});
    return new RnnOutput<>(r.output(), r.finals()[0]);
  }

  /**
   * The packed output and each sequence's hidden states at its last step.
   *
   * @param h0 {@code [layers*dirs, batch, hidden]} in the batch's original order, or null
   */
  public RnnOutput<PackedSequence> forward(PackedSequence input, Tensor h0) {
    Result<PackedSequence> r = runPacked(input, h0 == null ? null : new Tensor[] {h0});
    return new RnnOutput<>(r.output(), r.finals()[0]);
  }
}
