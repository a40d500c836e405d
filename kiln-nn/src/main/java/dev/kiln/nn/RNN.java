package dev.kiln.nn;

import dev.kiln.nn.utils.rnn.PackedSequence;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * An Elman recurrence {@code h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} with {@code act}
 * tanh or relu, stacked and optionally bidirectional, like PyTorch's {@code nn.RNN} (same parameter
 * names, shapes and initialisation; see {@link RNNBase}).
 *
 * {@snippet :
 * RNN rnn = new RNN(4, 8, "relu", RnnOptions.defaults().withNumLayers(2), new Generator(0));
 * RnnOutput<Tensor> r = rnn.forward(x, null); // x [time, batch, 4]; r.hN() [2, batch, 8]
 * }
 */
public final class RNN extends RNNBase {
  /** One tanh layer, from the default generator. */
  public RNN(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, "tanh", RnnOptions.defaults(), Generator.defaultGenerator());
  }

  /**
   * @param nonlinearity {@code "tanh"} or {@code "relu"}
   * @param g the generator of the initial weights and the dropout masks
   */
  public RNN(int inputSize, int hiddenSize, String nonlinearity, RnnOptions options, Generator g) {
    super(kindOf(nonlinearity), inputSize, hiddenSize, 0, options, g);
  }

  private static RecurrentSteps.Kind kindOf(String nonlinearity) {
    return switch (nonlinearity) {
      case "tanh" -> RecurrentSteps.Kind.RNN_TANH;
      case "relu" -> RecurrentSteps.Kind.RNN_RELU;
      default ->
          throw new IllegalArgumentException(
              "RNN: nonlinearity must be \"tanh\" or \"relu\", got \"" + nonlinearity + "\"");
    };
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
