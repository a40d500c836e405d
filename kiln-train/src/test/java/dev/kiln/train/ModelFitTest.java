package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.Datasets;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.data.builtin.Iris;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.metrics.SparseCategoricalAccuracy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelFitTest {

  @Test
  void fitsDigitsWithValidationSplitAndEvaluates() {
    Sequential net = Nets.digitsMlp(1);
    Model model = new Model(net);
    model.compile(
        new Adam(net.parameters(), 1e-2),
        new CrossEntropyLoss(),
        new SparseCategoricalAccuracy("accuracy"));
    TensorDataset digits = Nets.digits();
    History h =
        model.fit(
            Batches.of(digits, 64),
            new FitOptions().epochs(5).validationSplit(0.2).verbose(0).shuffle(true, 3));
    assertEquals(List.of(0, 1, 2, 3, 4), h.epochs());
    assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.keys());
    assertTrue(h.get("loss").getLast() < h.get("loss").getFirst(), h.toString());
    assertTrue(h.get("val_accuracy").getLast() > 0.85, h.toString());
    Map<String, Double> eval =
        model.evaluate(digits.tensors().get(0), digits.tensors().get(1), 100);
    assertTrue(eval.get("accuracy") > 0.85, eval.toString());
    assertArrayEquals(new int[] {1797, 10}, model.predict(digits.tensors().get(0), 128).shape());
  }

  @Test
  void fitsIrisFromARandomSplitWithValidationData() {
    TensorDataset iris = Iris.load();
    List<Subset<List<Tensor>>> parts = Datasets.randomSplit(iris, 7, 0.8, 0.2);
    Linear net = new Linear(4, 3, true, new Generator(3));
    Model model = new Model(net);
    model.compile(
        new Adam(net.parameters(), 0.05),
        new CrossEntropyLoss(),
        new SparseCategoricalAccuracy("accuracy"));
    History h =
        model.fit(
            Batches.of(parts.get(0), 16),
            new FitOptions().epochs(40).validationData(Batches.of(parts.get(1), 30)).verbose(0));
    assertTrue(h.get("val_accuracy").getLast() > 0.8, h.toString());
    assertEquals(30, model.predict(Batches.of(parts.get(1), 7)).size(0));
  }
}
