package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * One GRU step (gates r, z, n as in {@link GRU}), like PyTorch's {@code nn.GRUCell} (see {@link
 * RNNCellBase}).
 */
public final class GRUCell extends RNNCellBase {
  /** A cell with bias, from the default generator. */
  public GRUCell(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, true, Generator.defaultGenerator());
  }

  /** A cell initialised from {@code g}, without biases when {@code bias} is false. */
  public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator g) {
    super(RecurrentSteps.Kind.GRU, inputSize, hiddenSize, bias, g);
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
