package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.Adam;
import dev.kiln.optim.ParamGroup;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.metrics.AUC;
import dev.kiln.train.metrics.Average;
import dev.kiln.train.metrics.F1Score;
import dev.kiln.train.metrics.Metric;
import dev.kiln.train.metrics.SparseCategoricalAccuracy;
import dev.kiln.train.metrics.TopKCategoricalAccuracy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveLoadTest {
  @TempDir Path dir;

  @Test
  void savedModelLoadsIntoAFreshModuleWithItsCompileConfig() throws IOException {
    Sequential net = Nets.digitsMlp(4);
    Model model = new Model(net);
    model.compile(
        new Adam(
            List.of(new ParamGroup(net.parameters())), 0.02, 0.8, 0.99, 1e-7, 0.001, false, false),
        new CrossEntropyLoss(),
        new SparseCategoricalAccuracy("accuracy"),
        new TopKCategoricalAccuracy("top3", 3),
        new F1Score("macro_f1", 10, Average.MACRO),
        new AUC("auc", AUC.Curve.ROC, 10));
    TensorDataset digits = Nets.digits();
    Tensor x = digits.tensors().get(0).narrow(0, 0, 200);
    Tensor y = digits.tensors().get(1).narrow(0, 0, 200);
    model.fit(x, y, 50, new FitOptions().epochs(2).verbose(0));
    model.save(dir);

    JsonNode json = new ObjectMapper().readTree(dir.resolve(ModelFiles.CONFIG).toFile());
    assertEquals("Adam", json.at("/optimizer/name").asText());
    assertEquals(0.8, json.at("/optimizer/options/beta1").asDouble());
    assertEquals("CrossEntropyLoss", json.at("/loss").asText());
    assertEquals("top3", json.at("/metrics/1/name").asText());

    Model loaded = Model.load(dir, Nets.digitsMlp(77));
    assertArrayEquals(
        model.predict(x, 64).toFloatArray(), loaded.predict(x, 64).toFloatArray(), 0f);
    assertInstanceOf(Adam.class, loaded.optimizer());
    assertEquals(
        model.optimizer().paramGroups().getFirst().options(),
        loaded.optimizer().paramGroups().getFirst().options());
    assertEquals(
        model.metrics().stream().map(Metric::name).toList(),
        loaded.metrics().stream().map(Metric::name).toList());
    assertEquals(model.evaluate(x, y, 100), loaded.evaluate(x, y, 100));
  }

  @Test
  void loadRefusesWeightsThatDoNotFitAndUnknownCustomMetrics() throws IOException {
    Linear net = new Linear(4, 3, true, new Generator(1));
    Model m = new Model(net);
    Metric custom =
        new Metric() {
          @Override
          public String name() {
            return "custom";
          }

          @Override
          public void update(Tensor yPred, Tensor yTrue) {}

          @Override
          public double result() {
            return 0;
          }

          @Override
          public void reset() {}
        };
    m.compile(new Adam(net.parameters(), 0.1), new CrossEntropyLoss(), custom);
    m.save(dir);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Model.load(dir, new Linear(4, 2, true, new Generator(1)), custom));
    assertTrue(e.getMessage().contains("does not fit the module"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Model.load(dir, new Linear(4, 3, true, new Generator(1))));
    assertTrue(
        e.getMessage().contains("'custom'") && e.getMessage().contains("custom metric"),
        e.getMessage());
    Model ok = Model.load(dir, new Linear(4, 3, true, new Generator(2)), custom);
    assertEquals(List.of(custom), ok.metrics());
  }
}
