package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * What {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} share, like PyTorch's {@code
 * nn.RNNCellBase}: parameters {@code weight_ih [gates*hidden, input]}, {@code weight_hh
 * [gates*hidden, hidden]}, {@code bias_ih} and {@code bias_hh [gates*hidden]}, all uniform in
 * {@code ±1/sqrt(hidden)}, and one step of the recurrence on {@code [batch, input]} (or unbatched
 * {@code [input]}) inputs.
 */
public abstract sealed class RNNCellBase extends Module permits RNNCell, LSTMCell, GRUCell {
  private final RecurrentSteps.Kind kind;
  private final int inputSize;
  private final int hiddenSize;
  private final boolean bias;

  RNNCellBase(RecurrentSteps.Kind kind, int inputSize, int hiddenSize, boolean bias, Generator g) {
    if (inputSize < 0 || hiddenSize <= 0) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": inputSize must be non-negative and hiddenSize positive, got "
              + inputSize
              + ", "
              + hiddenSize);
    }
    this.kind = kind;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    int rows = kind.gates * hiddenSize;
    double bound = 1 / Math.sqrt(hiddenSize);
    param("weight_ih", bound, g, rows, inputSize);
    param("weight_hh", bound, g, rows, hiddenSize);
    if (bias) {
      param("bias_ih", bound, g, rows);
      param("bias_hh", bound, g, rows);
    }
  }

  private void param(String name, double bound, Generator g, int... shape) {
    registerParameter(name, RecurrentSteps.uniformParameter(bound, g, shape));
  }

  /** Features of the input. */
  public final int inputSize() {
    return inputSize;
  }

  /** Features of the hidden (for LSTM: cell) state. */
  public final int hiddenSize() {
    return hiddenSize;
  }

  /**
   * One step from {@code states} ({h} or {h, c}; null for zeros) to the new states, for batched or
   * unbatched input.
   */
  final Tensor[] cellStep(Tensor input, Tensor[] states) {
    if ((input.dim() != 1 && input.dim() != 2) || input.size(-1) != inputSize) {
      throw new IllegalArgumentException(
          describe()
              + ": expected a 2-D (or unbatched 1-D) input with last dim "
              + inputSize
              + ", got shape "
              + Arrays.toString(input.shape()));
    }
    boolean batched = input.dim() == 2;
    Tensor x = batched ? input : input.unsqueeze(0);
    Tensor[] s = new Tensor[kind.states()];
    for (int k = 0; k < s.length; k++) {
      if (states == null) {
        s[k] = Tensor.zeros(x.dtype(), x.size(0), hiddenSize);
        continue;
      }
      int[] expected = batched ? new int[] {x.size(0), hiddenSize} : new int[] {hiddenSize};
      if (!Arrays.equals(states[k].shape(), expected)) {
        throw new IllegalArgumentException(
            describe()
                + ": expected "
                + (k == 0 ? "h" : "c")
                + " of shape "
                + Arrays.toString(expected)
                + ", got "
                + Arrays.toString(states[k].shape()));
      }
      s[k] = batched ? states[k] : states[k].unsqueeze(0);
    }
    Tensor bhh = bias ? parameter("bias_hh") : null;
    Tensor xp = kind.project(x, parameter("weight_ih"), bias ? parameter("bias_ih") : null, bhh);
    Tensor[] next = kind.step(xp, s, parameter("weight_hh"), bhh, null);
    if (!batched) {
      for (int k = 0; k < next.length; k++) {
        next[k] = next[k].squeeze(0);
      }
    }
    return next;
  }

  @Override
  protected String extraRepr() {
    return "inputSize=" + inputSize + ", hiddenSize=" + hiddenSize + ", bias=" + bias;
  }
}
