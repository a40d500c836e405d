package dev.kiln.nn;

import dev.kiln.nn.utils.rnn.PackedSequence;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share, like PyTorch's {@code nn.RNNBase}: the
 * parameters {@code weight_ih_l<k>}, {@code weight_hh_l<k>}, {@code bias_ih_l<k>}, {@code
 * bias_hh_l<k>} (and {@code weight_hr_l<k>} for a projected LSTM), with suffix {@code _reverse} for
 * the backward direction, all uniform in {@code ±1/sqrt(hiddenSize)}; and the stacked, optionally
 * bidirectional recurrence over padded or packed input. Each layer and direction projects the
 * inputs of all steps with one matrix product, then runs one product per step for the hidden state;
 * everything is made of Tensor ops, so autograd differentiates it.
 */
public abstract sealed class RNNBase extends Module permits RNN, LSTM, GRU {
  private final RecurrentSteps.Kind kind;
  private final int inputSize;
  private final int hiddenSize;
  private final int projSize;
  private final RnnOptions options;
  private final Dropout dropout;

  /** The output of the recurrence and each state stacked over layers and directions. */
  record Result<T>(T output, Tensor[] finals) {}

  RNNBase(
      RecurrentSteps.Kind kind,
      int inputSize,
      int hiddenSize,
      int projSize,
      RnnOptions options,
      Generator g) {
    String name = getClass().getSimpleName();
    if (inputSize < 0 || hiddenSize <= 0 || options.numLayers() <= 0) {
      throw new IllegalArgumentException(
          name
              + ": inputSize must be non-negative, hiddenSize and numLayers positive, got inputSize "
              + inputSize
              + ", hiddenSize "
              + hiddenSize
              + ", numLayers "
              + options.numLayers());
    }
    if (projSize < 0 || (projSize > 0 && projSize >= hiddenSize)) {
      throw new IllegalArgumentException(
          name + ": projSize must be in [0, hiddenSize " + hiddenSize + "), got " + projSize);
    }
    this.kind = kind;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.projSize = projSize;
    this.options = options;
    this.dropout = new Dropout(options.dropout(), g);
    int rows = kind.gates * hiddenSize;
    int out = outputSize();
    double bound = 1 / Math.sqrt(hiddenSize);
    for (int layer = 0; layer < options.numLayers(); layer++) {
      for (int dir = 0; dir < directions(); dir++) {
        String sfx = suffix(layer, dir);
        int in = layer == 0 ? inputSize : out * directions();
        param("weight_ih" + sfx, bound, g, rows, in);
        param("weight_hh" + sfx, bound, g, rows, out);
        if (options.bias()) {
          param("bias_ih" + sfx, bound, g, rows);
          param("bias_hh" + sfx, bound, g, rows);
        }
        if (projSize > 0) {
          param("weight_hr" + sfx, bound, g, projSize, hiddenSize);
        }
      }
    }
  }

  private void param(String name, double bound, Generator g, int... shape) {
    registerParameter(name, RecurrentSteps.uniformParameter(bound, g, shape));
  }

  private static String suffix(int layer, int dir) {
    return "_l" + layer + (dir == 1 ? "_reverse" : "");
  }

  /** Features of each input step. */
  public final int inputSize() {
    return inputSize;
  }

  /** Features of the hidden (for LSTM: cell) state. */
  public final int hiddenSize() {
    return hiddenSize;
  }

  /** Layers, bias, layout, dropout and directions. */
  public final RnnOptions options() {
    return options;
  }

  /** Features of the hidden state and of each direction's output: projSize when set. */
  final int outputSize() {
    return projSize > 0 ? projSize : hiddenSize;
  }

  final int projection() {
    return projSize;
  }

  private int directions() {
    return options.bidirectional() ? 2 : 1;
  }

  /** Runs the layers over a padded input ({@code [T, B, in]}, batch first, or unbatched 2-D). */
  final Result<Tensor> runPadded(Tensor input, Tensor[] hx) {
    if ((input.dim() != 2 && input.dim() != 3) || input.size(-1) != inputSize) {
      throw new IllegalArgumentException(
          describe()
              + ": expected a 3-D (or unbatched 2-D) input with last dim "
              + inputSize
              + ", got shape "
              + Arrays.toString(input.shape()));
    }
    boolean batched = input.dim() == 3;
    boolean batchFirst = options.batchFirst();
    Tensor x = batched ? input : input.unsqueeze(batchFirst ? 0 : 1);
    if (batchFirst) {
      x = x.transpose(0, 1);
    }
    int steps = x.size(0);
    int batch = x.size(1);
    if (steps == 0) {
      throw new IllegalArgumentException(
          describe() + ": input has no time steps (shape " + Arrays.toString(input.shape()) + ")");
    }
    Tensor[] states = hx;
    if (hx != null && !batched) {
      states = new Tensor[hx.length];
      for (int k = 0; k < hx.length; k++) {
        checkState(k, hx[k], 2, 1);
        states[k] = hx[k].unsqueeze(1);
      }
    }
    int[] batchSizes = new int[steps];
    Arrays.fill(batchSizes, batch);
    Result<Tensor> r = run(x.reshape(steps * batch, inputSize), batchSizes, states);
    Tensor out = r.output().view(steps, batch, -1);
    if (batchFirst) {
      out = out.transpose(0, 1);
    }
    Tensor[] finals = r.finals();
    if (!batched) {
      out = out.squeeze(batchFirst ? 0 : 1);
      for (int k = 0; k < finals.length; k++) {
        finals[k] = finals[k].squeeze(1);
      }
    }
    return new Result<>(out, finals);
  }

  /** Runs the layers over a packed input; the states are in the caller's (unsorted) order. */
  final Result<PackedSequence> runPacked(PackedSequence input, Tensor[] hx) {
    Tensor data = input.data();
    if (data.dim() != 2 || data.size(1) != inputSize) {
      throw new IllegalArgumentException(
          describe()
              + ": expected packed data of shape [rows, "
              + inputSize
              + "], got "
              + Arrays.toString(data.shape()));
    }
    Tensor sorted = input.sortedIndices();
    Tensor[] states = hx;
    if (hx != null && sorted != null) {
      states = new Tensor[hx.length];
      for (int k = 0; k < hx.length; k++) {
        checkState(k, hx[k], 3, sorted.size(0));
        states[k] = hx[k].indexSelect(1, sorted);
      }
    }
    long[] sizes = input.batchSizes().toLongArray();
    int[] batchSizes = new int[sizes.length];
    for (int t = 0; t < sizes.length; t++) {
      batchSizes[t] = Math.toIntExact(sizes[t]);
    }
    Result<Tensor> r = run(data, batchSizes, states);
    Tensor[] finals = r.finals();
    if (input.unsortedIndices() != null) {
      for (int k = 0; k < finals.length; k++) {
        finals[k] = finals[k].indexSelect(1, input.unsortedIndices());
      }
    }
    PackedSequence out =
        new PackedSequence(
            r.output(), input.batchSizes(), input.sortedIndices(), input.unsortedIndices());
    return new Result<>(out, finals);
  }

  private static final String[] STATE_NAMES = {"h0", "c0"};

  /** The expected size of state k's last dim. */
  private int stateSize(int k) {
    return k == 0 ? outputSize() : hiddenSize;
  }

  private void checkState(int k, Tensor s, int dims, int batch) {
    int[] expected =
        dims == 2
            ? new int[] {options.numLayers() * directions(), stateSize(k)}
            : new int[] {options.numLayers() * directions(), batch, stateSize(k)};
    if (!Arrays.equals(s.shape(), expected)) {
      throw new IllegalArgumentException(
          describe()
              + ": expected "
              + STATE_NAMES[k]
              + " of shape "
              + Arrays.toString(expected)
              + ", got "
              + Arrays.toString(s.shape()));
    }
  }

  /**
   * The layers over time-major rows: step t's rows are {@code data[offset_t, offset_t +
   * batchSizes[t])}, the first {@code batchSizes[t]} sequences of the batch (sorted by decreasing
   * length).
   */
  private Result<Tensor> run(Tensor data, int[] batchSizes, Tensor[] hx) {
    int batch = batchSizes.length == 0 ? 0 : batchSizes[0];
    int dirs = directions();
    int layers = options.numLayers();
    if (hx != null) {
      for (int k = 0; k < hx.length; k++) {
        checkState(k, hx[k], 3, batch);
      }
    }
    if (data.dtype() != parameter("weight_ih_l0").dtype()) {
      throw new IllegalArgumentException(
          describe()
              + ": expected input of dtype "
              + parameter("weight_ih_l0").dtype()
              + " (the parameters' dtype), got "
              + data.dtype());
    }
    int[] offsets = new int[batchSizes.length];
    for (int t = 1; t < batchSizes.length; t++) {
      offsets[t] = offsets[t - 1] + batchSizes[t - 1];
    }
    Tensor[][] finals = new Tensor[kind.states()][layers * dirs];
    Tensor layerInput = data;
    for (int layer = 0; layer < layers; layer++) {
      Tensor[] outs = new Tensor[dirs];
      for (int dir = 0; dir < dirs; dir++) {
        int idx = layer * dirs + dir;
        Tensor[] state = new Tensor[kind.states()];
        for (int k = 0; k < state.length; k++) {
          state[k] =
              hx == null ? Tensor.zeros(data.dtype(), batch, stateSize(k)) : hx[k].select(0, idx);
        }
        outs[dir] = direction(layerInput, batchSizes, offsets, state, suffix(layer, dir), dir == 1);
        for (int k = 0; k < state.length; k++) {
          finals[k][idx] = state[k];
        }
      }
      layerInput = dirs == 1 ? outs[0] : Tensor.cat(1, outs);
      if (layer < layers - 1 && options.dropout() > 0) {
        dropout.train(isTraining());
        layerInput = dropout.forward(layerInput);
      }
    }
    Tensor[] stacked = new Tensor[finals.length];
    for (int k = 0; k < finals.length; k++) {
      stacked[k] = Tensor.stack(0, finals[k]);
    }
    return new Result<>(layerInput, stacked);
  }

  /**
   * One layer in one direction; {@code state} holds the initial states on entry and the final ones
   * on return. Returns the output rows in the input's row order.
   */
  private Tensor direction(
      Tensor x, int[] batchSizes, int[] offsets, Tensor[] state, String sfx, boolean reverse) {
    Tensor bih = options.bias() ? parameter("bias_ih" + sfx) : null;
    Tensor bhh = options.bias() ? parameter("bias_hh" + sfx) : null;
    Tensor xp = kind.project(x, parameter("weight_ih" + sfx), bih, bhh);
    Tensor whh = parameter("weight_hh" + sfx);
    Tensor whr = projSize > 0 ? parameter("weight_hr" + sfx) : null;
    int steps = batchSizes.length;
    int batch = steps == 0 ? 0 : batchSizes[0];
    Tensor[] outs = new Tensor[steps];
    Tensor[] xps = new Tensor[steps];
    splitRows(xp, offsets, 0, steps, xps);
    for (int i = 0; i < steps; i++) {
      int t = reverse ? steps - 1 - i : i;
      int n = batchSizes[t];
      Tensor[] active = state.clone();
      if (n < batch) {
        for (int k = 0; k < active.length; k++) {
          active[k] = state[k].narrow(0, 0, n);
        }
      }
      Tensor[] next = kind.step(xps[t], active, whh, bhh, whr);
      outs[t] = next[0];
      for (int k = 0; k < state.length; k++) {
        state[k] = n < batch ? Tensor.cat(0, next[k], state[k].narrow(0, n, batch - n)) : next[k];
      }
    }
    return Tensor.cat(0, outs);
  }

  /**
   * Sets {@code out[from..to)} to the row blocks of {@code x} (which starts at block {@code from})
   * that begin at {@code offsets}, halving recursively: each narrow's gradient is scattered into
   * its source's shape, so halving costs O(rows log blocks) in backward where narrowing every block
   * from {@code x} directly would cost O(rows * blocks).
   */
  private static void splitRows(Tensor x, int[] offsets, int from, int to, Tensor[] out) {
    if (to - from == 1) {
      out[from] = x;
      return;
    }
    int mid = (from + to) >>> 1;
    int left = offsets[mid] - offsets[from];
    splitRows(x.narrow(0, 0, left), offsets, from, mid, out);
    splitRows(x.narrow(0, left, x.size(0) - left), offsets, mid, to, out);
  }

  @Override
  protected String extraRepr() {
    return "inputSize="
        + inputSize
        + ", hiddenSize="
        + hiddenSize
        + (projSize > 0 ? ", projSize=" + projSize : "")
        + ", numLayers="
        + options.numLayers()
        + ", bias="
        + options.bias()
        + ", batchFirst="
        + options.batchFirst()
        + ", dropout="
        + options.dropout()
        + ", bidirectional="
        + options.bidirectional();
  }
}
