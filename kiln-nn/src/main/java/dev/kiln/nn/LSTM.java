package dev.kiln.nn;

import dev.kiln.nn.utils.rnn.PackedSequence;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * A long short-term memory, stacked and optionally bidirectional, like PyTorch's {@code nn.LSTM}:
 * gates in PyTorch's order i, f, g, o with {@code c' = σ(f) c + σ(i) tanh(g)} and {@code h' = σ(o)
 * tanh(c')}, projected by {@code W_hr} to {@code projSize} features when that is set (same
 * parameter names, shapes and initialisation; see {@link RNNBase}).
 *
 * {@snippet :
 * LSTM lstm = new LSTM(16, 32, RnnOptions.defaults().withBatchFirst(true), new Generator(0));
 * LstmOutput<Tensor> r = lstm.forward(x, null, null); // x [batch, time, 16]
 * Tensor last = r.hN().select(0, 0);                  // [batch, 32]
 * }
 */
public final class LSTM extends RNNBase {
  /** One layer without projection, from the default generator. */
  public LSTM(int inputSize, int hiddenSize) {
    this(inputSize, hiddenSize, RnnOptions.defaults(), Generator.defaultGenerator());
  }

  /**
   * Without projection.
   *
   * @param g the generator of the initial weights and the dropout masks
   */
  public LSTM(int inputSize, int hiddenSize, RnnOptions options, Generator g) {
    this(inputSize, hiddenSize, 0, options, g);
  }

  /**
   * @param projSize size of the projected hidden state, in {@code [1, hiddenSize)}; 0 for none
   * @param g the generator of the initial weights and the dropout masks
   */
  public LSTM(int inputSize, int hiddenSize, int projSize, RnnOptions options, Generator g) {
    super(RecurrentSteps.Kind.LSTM, inputSize, hiddenSize, projSize, options, g);
  }

  /** Size of the projected hidden state; 0 when there is no projection. */
  public int projSize() {
    return projection();
  }

  /** The last layer's output at every step, starting from zero states. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null, null).output();
  }

  /**
   * The output and final hidden and cell states.
   *
   * @param h0 {@code [layers*dirs, batch, out]} ({@code out} is projSize when set, else hiddenSize;
   *     {@code [layers*dirs, out]} for an unbatched input), or null for zeros
   * @param c0 {@code [layers*dirs, batch, hidden]}; null exactly when h0 is
   */
  public LstmOutput<Tensor> forward(Tensor input, Tensor h0, Tensor c0) {
    Result<Tensor> r = runPadded(input, states(h0, c0));
    return new LstmOutput<>(r.output(), r.finals()[0], r.finals()[1]);
  }

  /**
   * The packed output and each sequence's hidden and cell states at its last step.
   *
   * @param h0 {@code [layers*dirs, batch, out]} in the batch's original order, or null
   * @param c0 {@code [layers*dirs, batch, hidden]}; null exactly when h0 is
   */
  public LstmOutput<PackedSequence> forward(PackedSequence input, Tensor h0, Tensor c0) {
    Result<PackedSequence> r = runPacked(input, states(h0, c0));
    return new LstmOutput<>(r.output(), r.finals()[0], r.finals()[1]);
  }

  private Tensor[] states(Tensor h0, Tensor c0) {
    if ((h0 == null) != (c0 == null)) {
      throw new IllegalArgumentException(
          describe() + ": give both h0 and c0 or neither, got " + (h0 == null ? "c0" : "h0"));
    }
    return h0 == null ? null : new Tensor[] {h0, c0};
  }
}
