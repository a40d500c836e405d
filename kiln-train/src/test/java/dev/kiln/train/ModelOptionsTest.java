package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.Collate;
import dev.kiln.data.builtin.Iris;
import dev.kiln.data.loader.DataLoader;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MSELoss;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.callbacks.LambdaCallback;
import dev.kiln.train.metrics.Metric;
import dev.kiln.train.metrics.SparseCategoricalAccuracy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** fit's options: accumulation, clipping, class weights, steps per epoch, sources, overrides. */
class ModelOptionsTest {

  private static Model sgd(Linear net, double lr) {
    Model m = new Model(net);
    m.compile(new SGD(net.parameters(), lr), new MSELoss());
    return m;
  }

  @Test
  void accumulatingTwoBatchesOfEightEqualsOneBatchOfSixteen() {
    Tensor[] d = Nets.line(32);
    Model acc = sgd(new Linear(1, 1, true, new Generator(3)), 0.5);
    Model big = sgd(new Linear(1, 1, true, new Generator(3)), 0.5);
    acc.fit(d[0], d[1], 8, new FitOptions().accumulationSteps(2).shuffle(false, 0).verbose(0));
    big.fit(d[0], d[1], 16, new FitOptions().shuffle(false, 0).verbose(0));
    assertArrayEquals(
        big.module().parameters().get(0).toFloatArray(),
        acc.module().parameters().get(0).toFloatArray(),
        1e-6f);
    assertArrayEquals(
        big.module().parameters().get(1).toFloatArray(),
        acc.module().parameters().get(1).toFloatArray(),
        1e-6f);
  }

  @Test
  void clipValueBoundsEveryUpdate() {
    Tensor[] d = Nets.line(16);
    Model m = sgd(new Linear(1, 1, true, new Generator(3)), 1.0);
    float[] before = m.module().parameters().get(1).toFloatArray();
    m.fit(d[0], d[1], 16, new FitOptions().clipValue(1e-3).verbose(0));
    float[] after = m.module().parameters().get(1).toFloatArray();
    assertEquals(1e-3, Math.abs(after[0] - before[0]), 1e-6, "one step of lr 1 on a clipped grad");
    Model n = sgd(new Linear(1, 1, true, new Generator(3)), 1.0);
    n.fit(d[0], d[1], 16, new FitOptions().clipNorm(1e-3).verbose(0));
    float dw =
        n.module().parameters().get(0).toFloatArray()[0]
            - new Linear(1, 1, true, new Generator(3)).parameters().get(0).toFloatArray()[0];
    float db = n.module().parameters().get(1).toFloatArray()[0] - before[0];
    assertEquals(1e-3, Math.hypot(dw, db), 1e-6, "joint norm of the update");
  }

  @Test
  void classWeightsScaleEachSamplesLoss() {
    var iris = Iris.load();
    Tensor x = iris.tensors().get(0);
    Tensor y = iris.tensors().get(1);
    Linear net = new Linear(4, 3, true, new Generator(8));
    Model m = new Model(net);
    m.compile(new SGD(net.parameters(), 0.0), new CrossEntropyLoss());
    double[] w = {0.5, 2.0, 0.0};
    History h = m.fit(x, y, 150, new FitOptions().classWeights(w).verbose(0));
    double[] perSample =
        new CrossEntropyLoss(null, -100, Reduction.NONE, 0).forward(net.call(x), y).toDoubleArray();
    long[] labels = y.toLongArray();
    double expected = 0;
    for (int i = 0; i < labels.length; i++) {
      expected += w[(int) labels[i]] * perSample[i];
    }
    assertEquals(expected / labels.length, h.get("loss").getFirst(), 1e-6);
  }

  @Test
  void stepsPerEpochContinuesThroughTheData() {
    Tensor[] d = Nets.line(10);
    Model m = sgd(new Linear(1, 1, true, new Generator(3)), 0.1);
    List<Integer> batches = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    m.fit(
        d[0],
        d[1],
        4,
        new FitOptions()
            .epochs(2)
            .stepsPerEpoch(5)
            .shuffle(false, 0)
            .verbose(0)
            .callbacks(
                LambdaCallback.builder().onTrainBatchEnd((b, logs) -> batches.add(b)).build(),
                new Callback() {
                  @Override
                  public void onTrainBegin(Map<String, Double> logs) {
                    sizes.add(params().steps());
                  }
                }));
    assertEquals(List.of(0, 1, 2, 3, 4, 0, 1, 2, 3, 4), batches);
    assertEquals(List.of(5), sizes);
  }

  @Test
  void dataLoaderSourceTrainsAndRefusesValidationSplit() {
    var loader =
        DataLoader.builder(Iris.load())
            .batchSize(30)
            .shuffle(true)
            .seed(1)
            .collate(Collate.tensors())
            .build();
    Linear net = new Linear(4, 3, true, new Generator(2));
    Model m = new Model(net);
    m.compile(
        new SGD(net.parameters(), 0.05), new CrossEntropyLoss(), new SparseCategoricalAccuracy());
    History h = m.fit(Batches.of(loader), new FitOptions().epochs(3).verbose(0));
    assertEquals(3, h.epochs().size());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> m.fit(Batches.of(loader), new FitOptions().validationSplit(0.2).verbose(0)));
    assertTrue(e.getMessage().contains("validationData"), e.getMessage());
  }

  @Test
  void userDefinedMetricIsTrackedPerEpochAndForValidation() {
    class MaxError implements Metric {
      double max;

      @Override
      public String name() {
        return "max_error";
      }

      @Override
      public void update(Tensor yPred, Tensor yTrue) {
        max = Math.max(max, yPred.sub(yTrue).abs().max().item());
      }

      @Override
      public double result() {
        return max;
      }

      @Override
      public void reset() {
        max = 0;
      }
    }
    Linear net = new Linear(1, 1, true, new Generator(3));
    Model m = new Model(net);
    m.compile(new SGD(net.parameters(), 0.1), new MSELoss(), new MaxError());
    Tensor[] d = Nets.line(12);
    History h =
        m.fit(d[0], d[1], 4, new FitOptions().epochs(2).validationData(d[0], d[1], 12).verbose(0));
    assertEquals(List.of("loss", "max_error", "val_loss", "val_max_error"), h.keys());
    double maxAbs = m.predict(d[0], 12).sub(d[1]).abs().max().item();
    assertEquals(maxAbs, h.get("val_max_error").getLast(), 1e-6);
  }

  @Test
  void overriddenTrainStepKeepsTheLoop() {
    class CountingModel extends Model {
      int steps;

      CountingModel(Linear net) {
        super(net);
      }

      @Override
      protected Map<String, Double> trainStep(Batch batch) {
        steps++;
        Map<String, Double> logs = super.trainStep(batch);
        logs.put("steps", (double) steps);
        return logs;
      }
    }
    Linear net = new Linear(1, 1, true, new Generator(3));
    CountingModel m = new CountingModel(net);
    m.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] d = Nets.line(12);
    History h = m.fit(d[0], d[1], 4, new FitOptions().epochs(2).verbose(0));
    assertEquals(List.of(3.0, 6.0), h.get("steps"));
  }

  @Test
  void onBatchCallsAndBatchedPredict() {
    Tensor[] d = Nets.line(10);
    Model m = sgd(new Linear(1, 1, true, new Generator(3)), 0.1);
    double before = m.testOnBatch(d[0], d[1]).get("loss");
    double trained = m.trainOnBatch(d[0], d[1]).get("loss");
    assertEquals(before, trained, 1e-6, "trainOnBatch reports the loss before its update");
    assertTrue(m.testOnBatch(d[0], d[1]).get("loss") < before);
    Tensor whole = m.predict(d[0], 10);
    assertArrayEquals(whole.toFloatArray(), m.predict(d[0], 3).toFloatArray(), 0f);
  }

  @Test
  void summaryCountsParameters() {
    String s = new Model(Nets.digitsMlp(1)).summary();
    assertTrue(s.contains("Total params: 2,410"), s);
    assertTrue(s.contains("0 ") && s.contains("Linear") && s.contains("2,080"), s);
    String shapes = new Model(Nets.digitsMlp(1)).summary(1, 64);
    assertTrue(shapes.contains("[1, 32]") && shapes.contains("[1, 10]"), shapes);
  }
}
