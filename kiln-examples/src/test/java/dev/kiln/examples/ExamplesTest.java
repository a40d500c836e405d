package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs each example on small settings and checks that it learned. */
class ExamplesTest {

  @Test
  void linearRegressionRecoversTheLine() {
    LinearRegression.Fit fit = LinearRegression.fit(200, 0);
    assertEquals(3.0, fit.slope(), 0.05);
    assertEquals(2.0, fit.intercept(), 0.05);
    assertTrue(fit.loss() < 0.02, "loss " + fit.loss());
  }

  @Test
  void digitsCnnLearnsInFourEpochs() {
    List<DigitsCnn.EpochResult> epochs = new ArrayList<>();
    DigitsCnn.EpochResult last = DigitsCnn.train(4, 0, epochs::add);
    assertEquals(4, epochs.size());
    assertTrue(epochs.get(3).trainLoss() < epochs.get(0).trainLoss() / 3, epochs.toString());
    assertTrue(last.testAccuracy() > 0.85, "accuracy " + last.testAccuracy());
  }
}
