package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.TensorDataset;
import dev.kiln.nn.BCELoss;
import dev.kiln.nn.BCEWithLogitsLoss;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.L1Loss;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MSELoss;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.Adam;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.metrics.BinaryAccuracy;
import dev.kiln.train.metrics.CategoricalAccuracy;
import dev.kiln.train.metrics.Metric;
import dev.kiln.train.metrics.Precision;
import dev.kiln.train.metrics.RootMeanSquaredError;
import dev.kiln.train.metrics.SparseCategoricalAccuracy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShortcutsTest {
  @TempDir Path dir;

  @Test
  void kerasStringsCompileTrainAndSurviveSaveLoad() throws Exception {
    Sequential net = Nets.digitsMlp(2);
    Model model = new Model(net);
    model.compile(
        new Adam(net.parameters(), 1e-2), "sparse_categorical_crossentropy", "accuracy", "acc");
    assertInstanceOf(CrossEntropyLoss.class, model.loss());
    assertInstanceOf(SparseCategoricalAccuracy.class, model.metrics().get(0));
    assertEquals(List.of("accuracy", "acc"), model.metrics().stream().map(Metric::name).toList());
    TensorDataset digits = Nets.digits();
    History h = model.fit(Batches.of(digits, 64), new FitOptions().epochs(3).verbose(0));
    assertEquals(List.of("loss", "accuracy", "acc"), h.keys());
    assertTrue(h.get("accuracy").getLast() > 0.8, h.toString());
    model.save(dir);
    Model loaded = Model.load(dir, Nets.digitsMlp(9));
    Map<String, Double> a = model.evaluate(Batches.of(digits, 256));
    assertEquals(a, loaded.evaluate(Batches.of(digits, 256)));
  }

  @Test
  void categoricalCrossentropyTakesOneHotTargets() {
    TensorDataset digits = Nets.digits();
    Tensor x = digits.tensors().get(0);
    Tensor oneHot = digits.tensors().get(1).oneHot(10).to(DType.FLOAT32);
    Sequential net = Nets.digitsMlp(5);
    Model model = new Model(net);
    model.compile(
        new Adam(net.parameters(), 1e-2),
        "categorical_crossentropy",
        "accuracy",
        "categorical_accuracy",
        "top_k_categorical_accuracy");
    History h = model.fit(x, oneHot, 64, new FitOptions().epochs(3).verbose(0));
    assertTrue(h.get("accuracy").getLast() > 0.85, h.toString());
    assertEquals(h.get("accuracy"), h.get("categorical_accuracy"));
    assertTrue(h.get("top_k_categorical_accuracy").getLast() > 0.98, h.toString());
  }

  @Test
  void binaryCrossentropyTakesLogitsAndAccuracyThresholdsThemAtZero() {
    Tensor x = Tensor.randn(new Generator(3), 400, 2);
    Tensor y = x.sum(1, true).gt(0.0).to(DType.FLOAT32); // [400, 1]: above the line x0 + x1 = 0
    Linear net = new Linear(2, 1, true, new Generator(4));
    Model model = new Model(net);
    model.compile(new Adam(net.parameters(), 0.05), "binary_crossentropy", "accuracy", "auc");
    History h = model.fit(x, y, 40, new FitOptions().epochs(15).verbose(0));
    assertTrue(h.get("accuracy").getLast() > 0.95, h.toString());
    assertTrue(h.get("auc").getLast() > 0.99, h.toString());
  }

  @Test
  void allStringFormBuildsTheOptimizerOverTheModuleWithKerasDefaults() {
    Linear net = new Linear(3, 1, true, new Generator(1));
    Model model = new Model(net);
    model.compile("sgd", "mse", "rmse", "mae");
    SGD sgd = assertInstanceOf(SGD.class, model.optimizer());
    assertEquals(1e-2, sgd.paramGroups().getFirst().options().get("lr"));
    assertEquals(net.parameters(), sgd.paramGroups().getFirst().params());
    assertInstanceOf(MSELoss.class, model.loss());
    assertInstanceOf(RootMeanSquaredError.class, model.metrics().get(0));
    model.compile("adam", "mean_absolute_error");
    assertInstanceOf(Adam.class, model.optimizer());
    assertInstanceOf(L1Loss.class, model.loss());
  }

  @Test
  void metricsFollowTheLossAsInKeras() {
    assertInstanceOf(
        CategoricalAccuracy.class,
        Shortcuts.metric("categorical_accuracy", Shortcuts.loss("categorical_crossentropy")));
    BinaryAccuracy logits =
        assertInstanceOf(
            BinaryAccuracy.class,
            Shortcuts.metric("accuracy", Shortcuts.loss("binary_crossentropy")));
    assertInstanceOf(BCEWithLogitsLoss.class, Shortcuts.loss("binary_crossentropy"));
    assertEquals(0.0, logits.threshold());
    BinaryAccuracy probs =
        assertInstanceOf(BinaryAccuracy.class, Shortcuts.metric("accuracy", new BCELoss()));
    assertEquals(0.5, probs.threshold());
    Precision p =
        assertInstanceOf(Precision.class, Shortcuts.metric("precision", new BCEWithLogitsLoss()));
    assertEquals(0.0, p.threshold());
  }

  @Test
  void unknownNamesListTheValidOnes() {
    Model model = new Model(new Linear(3, 2, true, new Generator(1)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.compile("adam", "sparse_categorical_crossentropie"));
    assertTrue(
        e.getMessage().contains("unknown loss 'sparse_categorical_crossentropie'")
            && e.getMessage().contains("sparse_categorical_crossentropy, categorical"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> model.compile("adam", "mse", "accuracy"));
    assertTrue(
        e.getMessage().contains("'accuracy'") && e.getMessage().contains("MSELoss"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.compile("adam", "mse", "acuracy"));
    assertTrue(e.getMessage().contains("unknown metric 'acuracy'"), e.getMessage());
    assertTrue(e.getMessage().contains("r2_score"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.compile("adagrad", "mse"));
    assertTrue(e.getMessage().contains("[adam, adamw, sgd]"), e.getMessage());
    assertFalse(model.isCompiled());
  }
}
