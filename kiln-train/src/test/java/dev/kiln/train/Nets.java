package dev.kiln.train;

import dev.kiln.data.TensorDataset;
import dev.kiln.data.builtin.Digits;
import dev.kiln.nn.Linear;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/** Small seeded networks and data for the tests. */
final class Nets {
  private Nets() {}

  /** 64 -> 32 -> 10 MLP for Digits, seeded. */
  static Sequential digitsMlp(long seed) {
    Generator g = new Generator(seed);
    return new Sequential(new Linear(64, 32, true, g), new ReLU(), new Linear(32, 10, true, g));
  }

  /** Digits with pixels scaled to 0..1. */
  static TensorDataset digits() {
    TensorDataset d = Digits.load();
    return new TensorDataset(d.tensors().get(0).div(16.0), d.tensors().get(1));
  }

  /** {@code n} points of a noisy line y = 2x - 1 as [n, 1] tensors. */
  static Tensor[] line(int n) {
    float[][] x = new float[n][1];
    float[][] y = new float[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = i / (float) n;
      y[i][0] = 2 * x[i][0] - 1 + (float) (0.01 * Math.sin(i * 7.0));
    }
    return new Tensor[] {Tensor.of(x), Tensor.of(y)};
  }
}
