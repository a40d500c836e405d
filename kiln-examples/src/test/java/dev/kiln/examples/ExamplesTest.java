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

  @Test
  void irisMlpFitsWithValidationAndEvaluates() {
    IrisMlp.Result r = IrisMlp.train(30, 0, 0);
    assertEquals(30, r.history().get("val_accuracy").size());
    assertTrue(r.test().get("accuracy") >= 0.9, r.test().toString());
  }

  @Test
  void lstmClassifierLearnsTheLargestToken() {
    List<Double> accuracy = LstmClassifier.train(3, 40, 0);
    assertTrue(accuracy.get(2) > 0.8, "held-out accuracy " + accuracy);
  }

  @Test
  void charTransformerLearnsAndWrites() {
    CharTransformer.Result r = CharTransformer.train(100, 0);
    assertTrue(r.losses().get(1) < r.losses().get(0) - 0.3, r.losses().toString());
    assertTrue(r.sample().startsWith("Shall I "), r.sample());
    assertEquals("Shall I ".length() + 300, r.sample().length());
    String vocabulary = CharTransformer.vocabularyOf(CharTransformer.text());
    assertTrue(r.sample().chars().allMatch(c -> vocabulary.indexOf(c) >= 0));
  }
}
