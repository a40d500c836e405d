package dev.kiln.nn;

import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import org.junit.jupiter.api.Test;

/**
 * WORKLOADS.md's W2 and W3 models trained 20 steps with SGD-momentum and AdamW follow PyTorch's
 * loss trajectory (fixtures from tools/fixtures/gen_trajectory_fixtures.py).
 */
class TrajectoryParityTest {
  @Test
  void w2Mlp() throws Exception {
    TrajectoryParity.check(
        "w2_mlp",
        () ->
            new Sequential(
                new Linear(784, 512),
                new ReLU(),
                new Linear(512, 512),
                new ReLU(),
                new Linear(512, 10)));
  }

  @Test
  void w3Cnn() throws Exception {
    ConvOptions pad1 = ConvOptions.defaults().withPadding(1);
    TrajectoryParity.check(
        "w3_cnn",
        () ->
            new Sequential(
                new Conv2d(1, 32, new int[] {3, 3}, pad1, true, Generator.defaultGenerator()),
                new ReLU(),
                new MaxPool2d(2),
                new Conv2d(32, 64, new int[] {3, 3}, pad1, true, Generator.defaultGenerator()),
                new ReLU(),
                new MaxPool2d(2),
                new Flatten(),
                new Linear(3136, 128),
                new ReLU(),
                new Linear(128, 10)));
  }
}
