package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.utils.rnn.PackedSequence;
import dev.kiln.nn.utils.rnn.PaddedSequence;
import dev.kiln.nn.utils.rnn.RnnUtils;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case builds a recurrent layer or cell in Kiln, loads the PyTorch module's weights with
 * {@code loadStateDict(strict=true)} and compares the outputs, final states and the gradients of
 * {@code <output, grad_output> + <h_n, grad_h_n> (+ <c_n, grad_c_n>)} for the input, the initial
 * states and every parameter with PyTorch's (fixtures from tools/fixtures/gen_nn_rnn_fixtures.py).
 * Packed cases also compare the packed input and run on it.
 */
class RnnFixturesTest {
  /** float32 sums of a few products per step over a few steps: PyTorch may sum in another order. */
  private static final double RTOL = 1e-5;

  private static final double ATOL = 1e-6;

  private static final Generator G = new Generator(7);

  static final Map<String, Supplier<Module>> CASES = new LinkedHashMap<>();

  private static final RnnOptions DEEP =
      RnnOptions.defaults().withNumLayers(2).withBidirectional(true).withBatchFirst(true);

  static {
    CASES.put("rnn_tanh", () -> new RNN(4, 5));
    CASES.put("rnn_relu_2layer_bidir_batchfirst", () -> new RNN(4, 5, "relu", DEEP, G));
    CASES.put(
        "rnn_nobias_h0", () -> new RNN(3, 4, "tanh", RnnOptions.defaults().withBias(false), G));
    CASES.put("lstm", () -> new LSTM(4, 5));
    CASES.put("lstm_2layer_bidir_batchfirst", () -> new LSTM(4, 5, DEEP, G));
    CASES.put(
        "lstm_proj_2layer", () -> new LSTM(4, 6, 3, RnnOptions.defaults().withNumLayers(2), G));
    CASES.put("gru", () -> new GRU(4, 5));
    CASES.put("gru_2layer_bidir_batchfirst", () -> new GRU(4, 5, DEEP, G));
    CASES.put("rnn_packed_unsorted", () -> new RNN(3, 4));
    CASES.put("lstm_packed_unsorted_2layer_bidir_batchfirst", () -> new LSTM(3, 4, DEEP, G));
    CASES.put(
        "gru_packed_unsorted_bidir",
        () -> new GRU(3, 4, RnnOptions.defaults().withBidirectional(true), G));
    CASES.put("rnn_cell", () -> new RNNCell(4, 5));
    CASES.put("rnn_cell_relu_h0", () -> new RNNCell(4, 5, true, "relu", G));
    CASES.put("lstm_cell", () -> new LSTMCell(4, 5));
    CASES.put("lstm_cell_h0_c0", () -> new LSTMCell(4, 5));
    CASES.put("gru_cell_h0", () -> new GRUCell(4, 5));
    CASES.put("gru_cell_nobias", () -> new GRUCell(4, 5, false, G));
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  static Path dir(String name) throws Exception {
    return Path.of(
        RnnFixturesTest.class.getClassLoader().getResource("fixtures/rnn/" + name).toURI());
  }

  @Test
  void everyFixtureDirectoryHasACase() throws Exception {
    try (Stream<Path> dirs = Files.list(dir("lstm").getParent())) {
      assertEquals(
          new TreeSet<>(CASES.keySet()),
          dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(String name) throws Exception {
    Path d = dir(name);
    Module m = CASES.get(name).get();
    LoadResult r = m.loadStateDict(SafeTensors.read(d.resolve("weights.safetensors")).tensors());
    assertTrue(r.isClean(), r.toString());
    Tensor x = Npy.read(d.resolve("input.npy")).requiresGrad_(true);
    List<Tensor> states = new ArrayList<>();
    for (String s : new String[] {"h0", "c0"}) {
      if (Files.exists(d.resolve(s + ".npy"))) {
        states.add(Npy.read(d.resolve(s + ".npy")).requiresGrad_(true));
      }
    }
    Tensor h0 = states.isEmpty() ? null : states.get(0);
    Tensor c0 = states.size() < 2 ? null : states.get(1);
    Tensor[] outs =
        Files.exists(d.resolve("lengths.npy"))
            ? runPacked(name, d, (RNNBase) m, x, h0, c0)
            : switch (m) {
              case RNN rnn -> rnnOutputs(rnn.forward(x, h0));
              case GRU gru -> rnnOutputs(gru.forward(x, h0));
              case LSTM lstm -> lstmOutputs(lstm.forward(x, h0, c0));
              case RNNCell cell -> new Tensor[] {cell.forward(x, h0)};
              case GRUCell cell -> new Tensor[] {cell.forward(x, h0)};
              case LSTMCell cell -> {
                LstmState s = cell.forward(x, h0 == null ? null : new LstmState(h0, c0));
                yield new Tensor[] {s.h(), s.c()};
              }
              default -> throw new AssertionError(name + ": not a recurrent module: " + m);
            };
    String[] outNames = {"output", "h_n", "c_n"};
    Tensor loss = Tensor.zeros();
    for (int k = 0; k < outs.length; k++) {
      assertClose(name + " " + outNames[k], read(d, outNames[k]), outs[k].detach());
      loss = loss.add(outs[k].mul(read(d, "grad_" + outNames[k])).sum());
    }
    assertTrue(
        outs.length == outNames.length || !Files.exists(d.resolve(outNames[outs.length] + ".npy")),
        name + ": PyTorch has more outputs");
    loss.backward();
    assertClose(name + " grad input", read(d, "grad_input"), x.grad());
    for (int k = 0; k < states.size(); k++) {
      String s = k == 0 ? "h0" : "c0";
      assertClose(name + " grad " + s, read(d, "grad_" + s), states.get(k).grad());
    }
    for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
      assertClose(name + " grad " + p.getKey(), read(d, "grad." + p.getKey()), p.getValue().grad());
    }
    try (Stream<Path> files = Files.list(d)) {
      long grads = files.filter(f -> f.getFileName().toString().startsWith("grad.")).count();
      assertEquals(grads, m.namedParameters().size(), name + ": parameter count differs");
    }
  }

  /** Packs the padded input by the fixture's lengths, checks the packing, runs and unpacks. */
  private static Tensor[] runPacked(String name, Path d, RNNBase m, Tensor x, Tensor h0, Tensor c0)
      throws Exception {
    boolean batchFirst = m.options().batchFirst();
    Tensor lengths = read(d, "lengths");
    PackedSequence p = RnnUtils.packPaddedSequence(x, lengths, batchFirst, false);
    assertClose(name + " packed data", read(d, "packed_data"), p.data().detach());
    assertArrayEquals(read(d, "batch_sizes").toLongArray(), p.batchSizes().toLongArray());
    assertArrayEquals(read(d, "sorted_indices").toLongArray(), p.sortedIndices().toLongArray());
    assertArrayEquals(read(d, "unsorted_indices").toLongArray(), p.unsortedIndices().toLongArray());
    Tensor[] outs =
        switch (m) {
          case RNN rnn -> packedOutputs(rnn.forward(p, h0));
          case GRU gru -> packedOutputs(gru.forward(p, h0));
          case LSTM lstm -> {
            LstmOutput<PackedSequence> r = lstm.forward(p, h0, c0);
            yield new Tensor[] {r.output().data(), r.hN(), r.cN()};
          }
        };
    PackedSequence out = new PackedSequence(outs[0], p.batchSizes(), p.sortedIndices());
    PaddedSequence padded = RnnUtils.padPackedSequence(out, batchFirst, 0, null);
    assertArrayEquals(lengths.toLongArray(), padded.lengths().toLongArray());
    outs[0] = padded.padded();
    return outs;
  }

  private static Tensor[] rnnOutputs(RnnOutput<Tensor> r) {
    return new Tensor[] {r.output(), r.hN()};
  }

  private static Tensor[] lstmOutputs(LstmOutput<Tensor> r) {
    return new Tensor[] {r.output(), r.hN(), r.cN()};
  }

  private static Tensor[] packedOutputs(RnnOutput<PackedSequence> r) {
    return new Tensor[] {r.output().data(), r.hN()};
  }

  static Tensor read(Path d, String name) throws Exception {
    return Npy.read(d.resolve(name + ".npy"));
  }

  static void assertClose(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertTrue(
        actual.allclose(expected, RTOL, ATOL, false),
        what + ": expected " + expected + " got " + actual);
  }
}
