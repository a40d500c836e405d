package dev.kiln.train.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FunctionMetricTest {
  @Test
  void meanOfPerSampleValuesDoesNotDependOnTheBatching() {
    Tensor pred = Tensor.randn(new Generator(1), 30, 3);
    Tensor target = Tensor.randn(new Generator(2), 30, 3);
    Metric fn = Metric.of("abs", (p, t) -> p.sub(t).abs());
    Metric reference = new MeanAbsoluteError();
    assertEquals("abs", fn.name());
    assertTrue(Double.isNaN(fn.result()));
    int[] cuts = {0, 1, 7, 30};
    for (int i = 0; i + 1 < cuts.length; i++) {
      Tensor p = pred.narrow(0, cuts[i], cuts[i + 1] - cuts[i]);
      Tensor t = target.narrow(0, cuts[i], cuts[i + 1] - cuts[i]);
      fn.update(p, t);
      reference.update(p, t);
    }
    // the function works in float32, MeanAbsoluteError in double
    assertEquals(reference.result(), fn.result(), 1e-6);
    fn.reset();
    fn.update(pred.narrow(0, 0, 2), target.narrow(0, 0, 2));
    assertEquals(
        pred.narrow(0, 0, 2).sub(target.narrow(0, 0, 2)).abs().mean().item(), fn.result(), 1e-6);
  }
}
