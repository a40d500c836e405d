package dev.kiln.train.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.io.Npy;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metrics against scikit-learn (tools/fixtures/gen_metric_fixtures.py), each fed in uneven batches
 * (1, 7, 30, rest) and, after a reset, in one batch: both must give scikit-learn's value.
 */
class MetricFixturesTest {
  private static final int[] CUTS = {1, 7, 30};
  private static Path dir;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    dir =
        Path.of(MetricFixturesTest.class.getResource("/fixtures/metrics/expected.json").toURI())
            .getParent();
    expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
  }

  private static Tensor npy(String name) {
    try {
      return Npy.read(dir.resolve(name + ".npy"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Feeds pred/target in batches split at CUTS, then all at once after a reset. */
  private static void check(String key, Supplier<Metric> make, Tensor pred, Tensor target) {
    double want = expected.get(key).asDouble();
    Metric m = make.get();
    int start = 0;
    for (int cut : CUTS) {
      m.update(pred.narrow(0, start, cut - start), target.narrow(0, start, cut - start));
      start = cut;
    }
    m.update(
        pred.narrow(0, start, pred.size(0) - start),
        target.narrow(0, start, target.size(0) - start));
    assertEquals(want, m.result(), 1e-12, key + " (batched)");
    m.reset();
    m.update(pred, target);
    assertEquals(want, m.result(), 1e-12, key + " (one batch)");
  }

  @Test
  void binary() {
    Tensor y = npy("binary_y");
    Tensor s = npy("binary_score");
    check("binary_accuracy", BinaryAccuracy::new, s, y);
    check("binary_precision", Precision::new, s, y);
    check("binary_recall", Recall::new, s, y);
    check("binary_f1", F1Score::new, s, y);
    check("binary_roc_auc", AUC::new, s, y);
    check("binary_pr_auc", () -> new AUC("pr_auc", AUC.Curve.PR), s, y);
    // scores as a [N, 1] column and float targets give the same values
    check("binary_roc_auc", AUC::new, s.unsqueeze(1), y.to(dev.kiln.tensor.DType.FLOAT64));
  }

  @Test
  void multiclass() {
    Tensor y = npy("multi_y");
    Tensor p = npy("multi_proba");
    check("multi_accuracy", SparseCategoricalAccuracy::new, p, y);
    Tensor oneHot =
        Tensor.zeros(dev.kiln.tensor.DType.FLOAT64, y.size(0), 4).scatter(1, y.unsqueeze(1), 1.0);
    check("multi_accuracy", CategoricalAccuracy::new, p, oneHot);
    check("multi_top2_accuracy", () -> new TopKCategoricalAccuracy(2), p, y);
    for (String avg : new String[] {"micro", "macro"}) {
      Average a = avg.equals("micro") ? Average.MICRO : Average.MACRO;
      check("multi_precision_" + avg, () -> new Precision("p", 4, a), p, y);
      check("multi_recall_" + avg, () -> new Recall("r", 4, a), p, y);
      check("multi_f1_" + avg, () -> new F1Score("f1", 4, a), p, y);
    }
    check("multi_roc_auc_ovr_macro", () -> new AUC("auc", AUC.Curve.ROC, 4), p, y);
    check("multi_pr_auc_macro", () -> new AUC("auc", AUC.Curve.PR, 4), p, y);
  }

  @Test
  void confusionMatrices() {
    ConfusionMatrix binary = ConfusionMatrix.binary(0.5);
    Tensor s = npy("binary_score");
    binary.update(s.narrow(0, 0, 40), npy("binary_y").narrow(0, 0, 40));
    binary.update(s.narrow(0, 40, 57), npy("binary_y").narrow(0, 40, 57));
    assertMatrix("binary_confusion", binary.matrix());
    ConfusionMatrix multi = new ConfusionMatrix(4);
    Tensor p = npy("multi_proba");
    Tensor y = npy("multi_y");
    multi.update(p.narrow(0, 0, 50), y.narrow(0, 0, 50));
    multi.update(p.narrow(0, 50, 53), y.narrow(0, 50, 53));
    assertMatrix("multi_confusion", multi.matrix());
    assertEquals(103, multi.total());
  }

  private static void assertMatrix(String key, long[][] actual) {
    JsonNode rows = expected.get(key);
    assertEquals(rows.size(), actual.length, key);
    for (int i = 0; i < rows.size(); i++) {
      long[] want = new long[rows.get(i).size()];
      for (int j = 0; j < want.length; j++) {
        want[j] = rows.get(i).get(j).asLong();
      }
      assertArrayEquals(want, actual[i], key + " row " + i);
    }
  }

  @Test
  void regression() {
    Tensor y = npy("reg_y");
    Tensor p = npy("reg_pred");
    check("reg_mae", MeanAbsoluteError::new, p, y);
    check("reg_mse", MeanSquaredError::new, p, y);
    check("reg_rmse", RootMeanSquaredError::new, p, y);
    check("reg_r2", R2Score::new, p, y);
    check("reg_r2_first_output", R2Score::new, p.select(1, 0), y.select(1, 0));
  }
}
