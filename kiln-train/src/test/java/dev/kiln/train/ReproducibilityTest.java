package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kiln.Kiln;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Linear;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One {@link Kiln#manualSeed} makes a whole fit repeat: initial weights, dropout, shuffling. */
class ReproducibilityTest {
  private record Run(Map<String, List<Double>> history, List<float[]> weights) {}

  private static Run run(long seed) {
    Kiln.manualSeed(seed);
    // default generators everywhere: init and dropout draw from the seeded default generator
    Sequential net =
        new Sequential(new Linear(64, 32), new ReLU(), new Dropout(), new Linear(32, 10));
    Model model = new Model(net);
    model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
    History h =
        model.fit(
            Batches.of(Nets.digits(), 64),
            new FitOptions().epochs(2).validationSplit(0.2).verbose(0));
    Map<String, List<Double>> values = new LinkedHashMap<>();
    for (String k : h.keys()) {
      values.put(k, h.get(k));
    }
    return new Run(values, net.parameters().stream().map(Tensor::toFloatArray).toList());
  }

  @Test
  void theSameSeedRepeatsARunExactlyAndAnotherSeedDoesNot() {
    Run a = run(7);
    Run b = run(7);
    assertEquals(a.history(), b.history());
    for (int i = 0; i < a.weights().size(); i++) {
      assertArrayEquals(a.weights().get(i), b.weights().get(i), 0f, "parameter " + i);
    }
    assertNotEquals(a.history(), run(8).history());
  }
}
