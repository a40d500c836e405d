package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.TensorDataset;
import dev.kiln.data.builtin.Iris;
import dev.kiln.nn.BCEWithLogitsLoss;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Loss;
import dev.kiln.nn.MSELoss;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.callbacks.LambdaCallback;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each bad input fails with a clear message before any training starts. */
class BadInputTest {
  private final AtomicInteger began = new AtomicInteger();

  private FitOptions options() {
    return new FitOptions()
        .verbose(0)
        .callbacks(LambdaCallback.builder().onTrainBegin(l -> began.incrementAndGet()).build());
  }

  private static Model model(Linear net, Loss loss) {
    Model m = new Model(net);
    m.compile(new SGD(net.parameters(), 0.1), loss);
    return m;
  }

  /** Runs fit, expects {@code type}, and checks that no callback started and no weight moved. */
  private <T extends RuntimeException> String failsBeforeTraining(
      Class<T> type, Model model, Batches data) {
    float[] before = model.module().parameters().getFirst().toFloatArray();
    T e = assertThrows(type, () -> model.fit(data, options()));
    assertEquals(0, began.get(), "training began");
    assertArrayEquals(before, model.module().parameters().getFirst().toFloatArray());
    return e.getMessage();
  }

  @Test
  void fitBeforeCompile() {
    Model m = new Model(new Linear(4, 3, true, new Generator(1)));
    String msg = failsBeforeTraining(IllegalStateException.class, m, Batches.of(Iris.load(), 16));
    assertTrue(msg.contains("not compiled") && msg.contains("compile(optimizer, loss"), msg);
    assertThrows(IllegalStateException.class, () -> m.evaluate(Batches.of(Iris.load(), 16)));
  }

  @Test
  void lossThatDoesNotFitTheOutputShape() {
    TensorDataset iris = Iris.load();
    Tensor x = iris.tensors().get(0);
    Tensor labels = iris.tensors().get(1);
    // MSE of [N, 3] outputs against [N] targets would broadcast silently: refused.
    Model mse = model(new Linear(4, 3, true, new Generator(1)), new MSELoss());
    String msg =
        failsBeforeTraining(
            IllegalArgumentException.class, mse, Batches.of(x, labels.to(DType.FLOAT32), 8));
    assertTrue(msg.contains("MSELoss"), msg);
    assertTrue(msg.contains("output shape [8, 3]") && msg.contains("target shape [8]"), msg);
    // Cross entropy against [N, 1] integer targets: names the shapes it accepts.
    Model ce = model(new Linear(4, 3, true, new Generator(1)), new CrossEntropyLoss());
    msg =
        failsBeforeTraining(
            IllegalArgumentException.class, ce, Batches.of(x, labels.unsqueeze(1), 8));
    assertTrue(msg.contains("CrossEntropyLoss") && msg.contains("[8, 1]"), msg);
    assertTrue(msg.contains("class indices of shape [8]"), msg);
    // BCE with logits for a 3-column output against [N, 1] floats.
    Model bce = model(new Linear(4, 3, true, new Generator(1)), new BCEWithLogitsLoss());
    msg =
        failsBeforeTraining(
            IllegalArgumentException.class,
            bce,
            Batches.of(x, labels.unsqueeze(1).to(DType.FLOAT32), 8));
    assertTrue(msg.contains("BCEWithLogitsLoss") && msg.contains("[8, 3]"), msg);
  }

  @Test
  void labelsOutOfRangeForTheNumberOfClasses() {
    // Iris has labels 0..2; a two-class head cannot take label 2.
    Model m = model(new Linear(4, 2, true, new Generator(1)), new CrossEntropyLoss());
    String msg =
        failsBeforeTraining(IllegalArgumentException.class, m, Batches.of(Iris.load(), 16));
    assertTrue(msg.contains("labels out of range"), msg);
    assertTrue(msg.contains("found label 2") && msg.contains("outputs 2 classes"), msg);
    assertTrue(msg.contains("0..1"), msg);
  }

  @Test
  void emptyData() {
    Model m = model(new Linear(4, 3, true, new Generator(1)), new CrossEntropyLoss());
    Batches empty =
        Batches.of(new TensorDataset(Tensor.zeros(0, 4), Tensor.zeros(DType.INT64, 0)), 16);
    String msg = failsBeforeTraining(IllegalArgumentException.class, m, empty);
    assertTrue(msg.contains("training data is empty (0 samples)"), msg);
    FitOptions withEmptyVal = options().validationData(empty);
    assertThrows(
        IllegalArgumentException.class, () -> m.fit(Batches.of(Iris.load(), 16), withEmptyVal));
    assertEquals(0, began.get());
  }
}
