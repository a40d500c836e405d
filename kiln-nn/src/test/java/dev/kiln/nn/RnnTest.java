package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.nn.utils.rnn.PackedSequence;
import dev.kiln.nn.utils.rnn.PaddedSequence;
import dev.kiln.nn.utils.rnn.RnnUtils;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Autograd, packing, layout and error behaviour of the recurrent layers and cells. */
class RnnTest {
  private static final RnnOptions DEEP =
      RnnOptions.defaults().withNumLayers(2).withBidirectional(true);

  /** The inputs of a gradcheck: x and the states first, then every parameter of m. */
  private static Tensor[] withParameters(Module m, Tensor... inputs) {
    List<Tensor> all = new ArrayList<>(List.of(inputs));
    all.addAll(m.parameters());
    return all.toArray(new Tensor[0]);
  }

  private static Tensor randn64(Generator g, int... shape) {
    return Tensor.randn(g, DType.FLOAT64, shape).requiresGrad_(true);
  }

  @Test
  void lstmGradcheck() {
    Generator g = new Generator(1);
    LSTM lstm = new LSTM(2, 2, DEEP, g);
    lstm.to(DType.FLOAT64);
    Tensor[] in =
        withParameters(lstm, randn64(g, 3, 2, 2), randn64(g, 4, 2, 2), randn64(g, 4, 2, 2));
    GradCheck.gradcheck(
        t -> {
          LstmOutput<Tensor> r = lstm.forward(t[0], t[1], t[2]);
          return new Tensor[] {r.output(), r.hN(), r.cN()};
        },
        in);
  }

  @Test
  void gruPackedGradcheck() {
    Generator g = new Generator(2);
    GRU gru = new GRU(2, 3, RnnOptions.defaults().withBidirectional(true), g);
    gru.to(DType.FLOAT64);
    long[] lengths = {2, 4, 1};
    Tensor[] in = withParameters(gru, randn64(g, 4, 3, 2), randn64(g, 2, 3, 3));
    GradCheck.gradcheck(
        t -> {
          PackedSequence p = RnnUtils.packPaddedSequence(t[0], lengths, false, false);
          RnnOutput<PackedSequence> r = gru.forward(p, t[1]);
          return new Tensor[] {r.output().data(), r.hN()};
        },
        in);
  }

  @Test
  void packedRunMatchesEachSequenceAlone() {
    Generator g = new Generator(3);
    LSTM lstm = new LSTM(3, 4, DEEP.withBatchFirst(true), g);
    long[] lengths = {2, 5, 3};
    Tensor x = Tensor.randn(g, 3, 5, 3);
    Tensor h0 = Tensor.randn(g, 4, 3, 4);
    Tensor c0 = Tensor.randn(g, 4, 3, 4);
    LstmOutput<PackedSequence> packed =
        lstm.forward(RnnUtils.packPaddedSequence(x, lengths, true, false), h0, c0);
    Tensor padded = RnnUtils.padPackedSequence(packed.output(), true, 0, null).padded();
    for (int i = 0; i < lengths.length; i++) {
      int len = (int) lengths[i];
      LstmOutput<Tensor> alone =
          lstm.forward(
              x.narrow(0, i, 1).narrow(1, 0, len),
              h0.narrow(1, i, 1).contiguous(),
              c0.narrow(1, i, 1).contiguous());
      assertTrue(
          alone.output().allclose(padded.narrow(0, i, 1).narrow(1, 0, len), 1e-6, 1e-6, false));
      assertTrue(alone.hN().allclose(packed.hN().narrow(1, i, 1), 1e-6, 1e-6, false));
      assertTrue(alone.cN().allclose(packed.cN().narrow(1, i, 1), 1e-6, 1e-6, false));
    }
  }

  @Test
  void unbatchedInputIsABatchOfOne() {
    Generator g = new Generator(4);
    GRU gru = new GRU(3, 4, DEEP.withBatchFirst(true), g);
    Tensor x = Tensor.randn(g, 5, 3);
    Tensor h0 = Tensor.randn(g, 4, 4);
    RnnOutput<Tensor> one = gru.forward(x, h0);
    RnnOutput<Tensor> batch = gru.forward(x.unsqueeze(0), h0.unsqueeze(1));
    assertArrayEquals(new int[] {5, 8}, one.output().shape());
    assertTrue(one.output().allclose(batch.output().squeeze(0)));
    assertTrue(one.hN().allclose(batch.hN().squeeze(1)));
    LSTMCell cell = new LSTMCell(3, 4, true, g);
    LstmState s = cell.forward(x.select(0, 0), null);
    LstmState b = cell.forward(x.narrow(0, 0, 1), null);
    assertTrue(s.c().allclose(b.c().squeeze(0)));
  }

  @Test
  void dropoutActsBetweenLayersOnlyInTraining() {
    Generator g = new Generator(5);
    LSTM plain = new LSTM(3, 4, RnnOptions.defaults().withNumLayers(2), g);
    LSTM dropped = new LSTM(3, 4, RnnOptions.defaults().withNumLayers(2).withDropout(0.5), g);
    dropped.loadStateDict(plain.stateDict(), true);
    Tensor x = Tensor.randn(g, 6, 2, 3);
    Tensor reference = plain.forward(x);
    dropped.eval();
    assertTrue(dropped.forward(x).allclose(reference));
    dropped.train();
    LstmOutput<Tensor> r = dropped.forward(x, null, null);
    assertFalse(r.output().allclose(reference));
    assertTrue(r.hN().select(0, 0).allclose(plain.forward(x, null, null).hN().select(0, 0)));
  }

  @Test
  void parametersFollowPyTorchNamesAndInit() {
    LSTM lstm = new LSTM(3, 8, 2, DEEP.withBias(false), new Generator(6));
    assertEquals(
        List.of(
            "weight_ih_l0",
            "weight_hh_l0",
            "weight_hr_l0",
            "weight_ih_l0_reverse",
            "weight_hh_l0_reverse",
            "weight_hr_l0_reverse",
            "weight_ih_l1",
            "weight_hh_l1",
            "weight_hr_l1",
            "weight_ih_l1_reverse",
            "weight_hh_l1_reverse",
            "weight_hr_l1_reverse"),
        List.copyOf(lstm.namedParameters().keySet()));
    assertArrayEquals(new int[] {32, 4}, lstm.namedParameters().get("weight_ih_l1").shape());
    Tensor all =
        Tensor.cat(0, lstm.parameters().stream().map(p -> p.reshape(-1)).toArray(Tensor[]::new));
    double bound = 1 / Math.sqrt(8);
    assertTrue(all.abs().max().item() <= bound);
    // uniform(-b, b) has standard deviation b / sqrt(3); 320 draws give about 4% spread.
    assertEquals(bound / Math.sqrt(3), all.std().item(), 0.15 * bound / Math.sqrt(3));
  }

  @Test
  void packSequenceMatchesPyTorch() throws Exception {
    Path d = RnnFixturesTest.dir("rnn_packed_unsorted");
    Tensor x = RnnFixturesTest.read(d, "input");
    long[] lengths = RnnFixturesTest.read(d, "lengths").toLongArray();
    List<Tensor> seqs = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      seqs.add(x.select(1, i).narrow(0, 0, (int) lengths[i]));
    }
    PackedSequence p = RnnUtils.packSequence(seqs, false);
    RnnFixturesTest.assertClose("packed data", RnnFixturesTest.read(d, "packed_data"), p.data());
    assertArrayEquals(
        RnnFixturesTest.read(d, "batch_sizes").toLongArray(), p.batchSizes().toLongArray());
    assertArrayEquals(
        RnnFixturesTest.read(d, "sorted_indices").toLongArray(), p.sortedIndices().toLongArray());
  }

  @Test
  void padPackedSequencePadsToTotalLength() {
    Tensor x = Tensor.randn(new Generator(8), 4, 3, 2);
    long[] lengths = {4, 3, 1};
    PackedSequence p = RnnUtils.packPaddedSequence(x, lengths, false, true);
    assertNull(p.sortedIndices());
    PaddedSequence padded = RnnUtils.padPackedSequence(p, true, -7, 6);
    assertArrayEquals(new int[] {3, 6, 2}, padded.padded().shape());
    assertArrayEquals(lengths, padded.lengths().toLongArray());
    for (int i = 0; i < 3; i++) {
      int len = (int) lengths[i];
      Tensor row = padded.padded().select(0, i);
      assertTrue(row.narrow(0, 0, len).equal(x.select(1, i).narrow(0, 0, len)));
      assertTrue(row.narrow(0, len, 6 - len).eq(-7.0).all().item() == 1);
    }
    Tensor seqFirst =
        RnnUtils.padSequence(List.of(x.select(1, 0), x.select(1, 1).narrow(0, 0, 3)), true, 0);
    assertArrayEquals(new int[] {2, 4, 2}, seqFirst.shape());
  }

  @Test
  void errorsNameTheModuleAndShapes() {
    LSTM lstm = new LSTM(3, 4, DEEP, new Generator(9));
    Tensor x = Tensor.randn(5, 2, 3);
    String msg =
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.randn(5, 2, 4)))
            .getMessage();
    assertTrue(msg.contains("LSTM") && msg.contains("[5, 2, 4]"), msg);
    msg =
        assertThrows(
                IllegalArgumentException.class,
                () -> lstm.forward(x, Tensor.zeros(2, 2, 4), Tensor.zeros(4, 2, 4)))
            .getMessage();
    assertTrue(msg.contains("h0") && msg.contains("[4, 2, 4]") && msg.contains("[2, 2, 4]"), msg);
    msg =
        assertThrows(
                IllegalArgumentException.class, () -> lstm.forward(x, Tensor.zeros(4, 2, 4), null))
            .getMessage();
    assertTrue(msg.contains("c0"), msg);
    msg =
        assertThrows(
                IllegalArgumentException.class,
                () -> RnnUtils.packPaddedSequence(x, new long[] {2, 5}, false, true))
            .getMessage();
    assertTrue(msg.contains("enforceSorted"), msg);
    assertThrows(
        IllegalArgumentException.class,
        () -> RnnUtils.packPaddedSequence(x, new long[] {6, 5}, false, false));
    assertThrows(IllegalArgumentException.class, () -> new LSTM(3, 4, 4, DEEP, new Generator(0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RNN(3, 4, "sigmoid", RnnOptions.defaults(), new Generator(0)));
    msg =
        assertThrows(
                IllegalArgumentException.class,
                () -> new GRUCell(3, 4).forward(Tensor.randn(2, 3), Tensor.zeros(3, 4)))
            .getMessage();
    assertTrue(msg.contains("GRUCell") && msg.contains("[2, 4]"), msg);
  }
}
