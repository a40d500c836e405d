package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A 2-layer LSTM classifier trained 20 steps with SGD-momentum and AdamW follows PyTorch's loss
 * trajectory (fixture from tools/fixtures/gen_nn_rnn_fixtures.py).
 */
class LstmTrajectoryTest {
  /** Embedding(20, 16), 2-layer LSTM(16 to 32, batch first), Linear(32, 5) on the last h_n. */
  static final class LstmClassifier extends Module {
    private final Embedding embedding;
    private final LSTM lstm;
    private final Linear head;

    LstmClassifier() {
      Generator g = new Generator(0);
      embedding = registerModule("embedding", new Embedding(20, 16, null, g));
      lstm =
          registerModule(
              "lstm",
              new LSTM(16, 32, RnnOptions.defaults().withNumLayers(2).withBatchFirst(true), g));
      head = registerModule("head", new Linear(32, 5, true, g));
    }

    @Override
    public Tensor forward(Tensor tokens) {
      Tensor hN = lstm.forward(embedding.call(tokens), null, null).hN();
      return head.call(hN.select(0, hN.size(0) - 1));
    }
  }

  @Test
  void lstmClassifierFollowsPyTorch() throws Exception {
    TrajectoryParity.check("lstm_classifier", LstmClassifier::new);
  }
}
