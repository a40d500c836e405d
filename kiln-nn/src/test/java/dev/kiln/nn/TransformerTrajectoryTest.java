package dev.kiln.nn;

import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import org.junit.jupiter.api.Test;

/**
 * WORKLOADS.md's W4 Transformer encoder layer trained 20 steps with SGD-momentum and AdamW on a
 * mean-squared-error loss follows PyTorch's loss trajectory (fixture from
 * tools/fixtures/gen_nn_attention_fixtures.py, checked by {@link TrajectoryParity}).
 */
class TransformerTrajectoryTest {
  @Test
  void w4EncoderLayer() throws Exception {
    TransformerOptions w4 =
        TransformerOptions.defaults().withDimFeedforward(1024).withDropout(0).withBatchFirst(true);
    TrajectoryParity.check(
        "w4_encoder_layer",
        () -> new TransformerEncoderLayer(256, 4, w4),
        (out, target) -> Losses.mseLoss(out, target, Reduction.MEAN));
  }
}
