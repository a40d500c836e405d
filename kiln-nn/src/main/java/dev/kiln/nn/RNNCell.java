package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * One step {@code h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh)} with {@code act} tanh or relu, like
 * PyTorch's {@code nn.RNNCell} (see {@link RNNCellBase}).
 */
public final class RNNCell extends RNNCellBase {
  /** A tanh cell with bias, from the default generator. */
  public RNNCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true, "tanh", Generator.defaultGenerator());
  }

  /**
   * @param nonlinearity {@code "tanh"} or {@code "relu"}
   */
  public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity, Generator g) {
    super(kindOf(nonlinearity), inputSize, hiddenSize, bias, g);
  }

  private static RecurrentSteps.Kind kindOf(String nonlinearity) {
    return switch (nonlinearity) {
      case "tanh" -> RecurrentSteps.Kind.RNN_TANH;
      case "relu" -> RecurrentSteps.Kind.RNN_RELU;
      default ->
          throw new IllegalArgumentException(
              "RNNCell: nonlinearity must be \"tanh\" or \"relu\", got \"" + nonlinearity + "\"");
    };
  }

  /** The next hidden state from a zero one. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null);
  }

  /**
   * The next hidden state.
   *
   * @param h {@code [batch, hidden]} ({@code [hidden]} for an unbatched input), or null for zeros
   */
  public Tensor forward(Tensor input, Tensor h) {
    return cellStep(input, h == null ? null : new Tensor[] {h})[0];
  }
}
