package dev.kiln.nn;

/**
 * Options of the recurrent layers ({@link RNN}, {@link LSTM}, {@link GRU}), as PyTorch's keyword
 * arguments.
 *
 * {@snippet :
 * RnnOptions o = RnnOptions.defaults().withNumLayers(2).withBidirectional(true).withBatchFirst(true);
 * LSTM lstm = new LSTM(16, 32, o, new Generator(0));
 * }
 *
 * @param numLayers stacked layers, each fed the previous one's output (default 1)
 * @param bias whether each layer has {@code bias_ih} and {@code bias_hh} (default true)
 * @param batchFirst inputs and outputs are {@code [batch, time, features]} instead of {@code [time,
 *     batch, features]} (default false; states stay {@code [layers*dirs, batch, size]})
 * @param dropout drop probability on each layer's output but the last's, in training (default 0)
 * @param bidirectional whether each layer also runs backwards over time (default false)
 */
public record RnnOptions(
    int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
  private static final RnnOptions DEFAULTS = new RnnOptions(1, true, false, 0, false);

  /** One layer, with bias, time-major, no dropout, one direction. */
  public static RnnOptions defaults() {
    return DEFAULTS;
  }

  /** These options with another number of stacked layers. */
  public RnnOptions withNumLayers(int n) {
    return new RnnOptions(n, bias, batchFirst, dropout, bidirectional);
  }

  /** These options with or without biases. */
  public RnnOptions withBias(boolean b) {
    return new RnnOptions(numLayers, b, batchFirst, dropout, bidirectional);
  }

  /** These options with batch-first or time-major inputs and outputs. */
  public RnnOptions withBatchFirst(boolean b) {
    return new RnnOptions(numLayers, bias, b, dropout, bidirectional);
  }

  /** These options with another dropout probability between layers. */
  public RnnOptions withDropout(double p) {
    return new RnnOptions(numLayers, bias, batchFirst, p, bidirectional);
  }

  /** These options with one or two directions. */
  public RnnOptions withBidirectional(boolean b) {
    return new RnnOptions(numLayers, bias, batchFirst, dropout, b);
  }
}
