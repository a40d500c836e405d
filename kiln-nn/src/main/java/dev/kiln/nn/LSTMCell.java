package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * One LSTM step (gates i, f, g, o as in {@link LSTM}), like PyTorch's {@code nn.LSTMCell} (see
 * {@link RNNCellBase}).
 */
public final class LSTMCell extends RNNCellBase {
  /** A cell with bias, from the default generator. */
  public LSTMCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true, Generator.defaultGenerator());
  }

  /** A cell initialised from {@code g}, without biases when {@code bias} is false. */
  public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator g) {
    super(RecurrentSteps.Kind.LSTM, inputSize, hiddenSize, bias, g);
  }

  /** The next hidden state from zero states. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null).h();
  }

  /**
   * The next hidden and cell states.
   *
   * @param state each {@code [batch, hidden]} ({@code [hidden]} for an unbatched input), or null
   *     for zeros
   */
  public LstmState forward(Tensor input, LstmState state) {
    Tensor[] next = cellStep(input, state == null ? null : new Tensor[] {state.h(), state.c()});
    return new LstmState(next[0], next[1]);
  }
}
